import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeEventBuffer, proto, type WAMessage, type WAMessageKey } from '@whiskeysockets/baileys';
import pg from 'pg';
import { afterAll, describe, expect } from 'vitest';
import { createEventDispatcher, createMessageHandlers, openLidStore, type LidStore } from '../../../connector/src/index.ts';
import { toIngestInputs } from '../../../connector/src/inbound/ingest-input.ts';
import { deliverLikeBaileys } from '../../../connector/src/simulator/baileys-delivery.ts';
import { ok, type Caller } from '../test/client.ts';
import { createConnectorTenant, type ConnectorTenant } from '../test/connector-tenant.ts';
import { test } from '../test/fixtures.ts';
import type { Platform } from '../test/platform.ts';
import { subscriber } from '../test/ws-client.ts';

const INGEST = `mutation Ingest($input: IngestWhatsAppInput!) { ingestWhatsAppMessages(input: $input) { accepted duplicates applied ignored } }`;
const ME = { id: '5511900000001:1@s.whatsapp.net', lid: '99999999999999:1@lid' };
const { Type } = proto.Message.ProtocolMessage;
const silent = { level: 'silent', child: () => silent, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const waId = () => `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;
const jidOf = (phone: string) => `${phone.slice(1)}@s.whatsapp.net`;
const newLid = () => `${BigInt(`0x${randomBytes(6).toString('hex')}`) + 100_000_000_000_000n}@lid`;
const now = () => Math.floor(Date.now() / 1000);

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

interface Outcome {
  accepted: number;
  duplicates: number;
  applied: number;
  ignored: number;
}

/**
 * The connector's own handlers on a Baileys event buffer, fed as a Baileys
 * socket feeds them (upsert, then what processMessage emits), ingesting through
 * the router with the workspace's service key. What each call answered is kept.
 */
async function connector(caller: Caller, lids?: LidStore) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wa-changes-'));
  dirs.push(dir);
  const store = lids ?? (await openLidStore({ dir }));
  const outcomes: Outcome[] = [];
  const handlers = createMessageHandlers({
    sessionId: 'agent',
    defaultRegion: 'BR',
    ingestFromMe: true,
    lids: store,
    updateStatus: async () => undefined,
    async ingest(items) {
      const { inputs } = toIngestInputs(items);
      if (inputs.length) outcomes.push((await ok(caller({ query: INGEST, variables: { input: { sessionId: 'agent', messages: inputs } } }))).ingestWhatsAppMessages);
    },
  });
  const ev = makeEventBuffer(silent);
  const dispatch = createEventDispatcher(handlers, { error: (o) => console.error(o) });
  let last: Promise<void> = Promise.resolve();
  ev.process((events) => (last = dispatch(events)));
  const settled = async () => {
    await new Promise((r) => setImmediate(r));
    await last;
  };
  return {
    dir,
    lids: store,
    outcomes,
    async deliver(message: WAMessage) {
      await deliverLikeBaileys(ev, message, ME);
      await settled();
    },
    async emit<E extends 'lid-mapping.update'>(event: E, payload: { lid: string; pn: string }) {
      ev.emit(event, payload);
      await settled();
    },
  };
}

const wa = (remoteJid: string, message: proto.IMessage, key: Partial<WAMessageKey> = {}, ts = now()) => {
  const msg = proto.WebMessageInfo.fromObject({ key: { remoteJid, fromMe: false, id: waId() }, messageTimestamp: ts, pushName: 'Maria Lead', message }) as WAMessage;
  Object.assign(msg.key, key);
  return msg;
};
const reaction = (remoteJid: string, target: string, text: string, ms: number) =>
  wa(remoteJid, { reactionMessage: { key: { remoteJid: ME.id, fromMe: true, id: target }, text, senderTimestampMs: ms } });
const edit = (remoteJid: string, target: string, text: string, ms: number) =>
  wa(remoteJid, {
    editedMessage: { message: { protocolMessage: { type: Type.MESSAGE_EDIT, key: { remoteJid: ME.id, fromMe: true, id: target }, editedMessage: { conversation: text }, timestampMs: ms } } },
  });

const MESSAGE = 'id waMessageId body originalBody editedAt deletedAt updateCursor reactions { emoji author }';
const thread = (leadId: string) => ({ query: `query($l: ID!) { messages(leadId: $l, first: 100) { edges { node { ${MESSAGE} } } } }`, variables: { l: leadId } });
const leadByPhone = async (tenant: ConnectorTenant, phone: string) =>
  (await ok(tenant.admin({ query: 'query($s: String) { leads(search: $s) { totalCount edges { node { id } } } }', variables: { s: phone } }))).leads;
const messagesOf = async (tenant: ConnectorTenant, leadId: string) => (await ok(tenant.admin(thread(leadId)))).messages.edges.map((e: any) => e.node);

async function sql<T = any>(platform: Platform, text: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: platform.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('reactions and edits from WhatsApp reach the CRM', () => {
  test('a reaction and an edit reach messages(leadId) and messageUpdated; five deliveries of each change things once', async ({ platform }) => {
    const tenant = await createConnectorTenant(platform);
    const wa1 = await connector(tenant.connector);
    const phone = '+5511987650201';
    const first = wa(jidOf(phone), { conversation: 'Quero financiar 200 mil' });
    await wa1.deliver(first);
    const leadId = (await leadByPhone(tenant, phone)).edges[0].node.id;
    const head = (await ok(tenant.admin({ query: 'query($l: ID!) { messageCursor(leadId: $l) }', variables: { l: leadId } }))).messageCursor;
    const ws = subscriber(platform.wsUrl, { authorization: `Bearer ${tenant.adminToken}` }, {
      query: `subscription($l: ID!, $a: String) { messageUpdated(leadId: $l, after: $a) { ${MESSAGE} } }`,
      variables: { l: leadId, a: head },
    });
    try {
      const liked = reaction(jidOf(phone), first.key.id!, '❤️', Date.now());
      await wa1.deliver(liked);
      const [afterReaction] = await ws.waitFor(1);
      expect(afterReaction!.data.messageUpdated).toMatchObject({ waMessageId: first.key.id, reactions: [{ emoji: '❤️', author: 'LEAD' }] });
      for (let i = 0; i < 4; i++) await wa1.deliver(reaction(jidOf(phone), first.key.id!, '❤️', Number(liked.message!.reactionMessage!.senderTimestampMs)));
      expect((await messagesOf(tenant, leadId))[0].updateCursor).toBe(afterReaction!.data.messageUpdated.updateCursor);

      const edited = edit(jidOf(phone), first.key.id!, 'Quero financiar 250 mil', Date.now() + 1_000);
      for (let i = 0; i < 5; i++) await wa1.deliver(edited);
      const [, afterEdit] = await ws.waitFor(2);
      expect(afterEdit!.data.messageUpdated).toMatchObject({ body: 'Quero financiar 250 mil', originalBody: 'Quero financiar 200 mil', reactions: [{ emoji: '❤️' }] });

      // Of ten deliveries, one reaction and one edit took effect; the rest were recognised as replays.
      expect(wa1.outcomes.slice(1).reduce((sum, o) => [sum[0]! + o.applied, sum[1]! + o.ignored], [0, 0])).toEqual([2, 8]);
      const stored = await messagesOf(tenant, leadId);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ body: 'Quero financiar 250 mil', updateCursor: afterEdit!.data.messageUpdated.updateCursor, editedAt: expect.any(String) });
      expect(ws.results).toHaveLength(2);
    } finally {
      await ws.close();
    }
  });

  test('a LID chat whose number is known lands on the phone’s lead, and keeps its own JID', async ({ platform }) => {
    const tenant = await createConnectorTenant(platform);
    const wa1 = await connector(tenant.connector);
    const phone = '+5511987650202';
    await wa1.deliver(wa(jidOf(phone), { conversation: 'Oi, pelo número' }));
    const lid = newLid();
    // Baileys 7 gives the phone beside the LID in the key, or in a lid-mapping.update.
    await wa1.deliver(wa(lid, { conversation: 'Agora pelo LID, com o número junto' }, { remoteJidAlt: jidOf(phone) }));
    const other = '+5511987650203';
    const otherLid = newLid();
    await wa1.deliver(wa(jidOf(other), { conversation: 'Oi' }));
    await wa1.emit('lid-mapping.update', { lid: otherLid, pn: jidOf(other) });
    await wa1.deliver(wa(otherLid, { conversation: 'Só o LID' }));

    const found = await leadByPhone(tenant, phone);
    expect(found.totalCount).toBe(1);
    expect((await messagesOf(tenant, found.edges[0].node.id)).map((m: any) => m.body)).toEqual(['Oi, pelo número', 'Agora pelo LID, com o número junto']);
    expect((await messagesOf(tenant, (await leadByPhone(tenant, other)).edges[0].node.id)).map((m: any) => m.body)).toEqual(['Oi', 'Só o LID']);
    const jids = await sql(platform, `SELECT "body", "remoteJid" FROM messaging."Message" WHERE "workspaceId" = $1 ORDER BY "seq"`, [tenant.workspaceId]);
    expect(jids.map((r) => r.remoteJid)).toEqual([jidOf(phone), lid, jidOf(other), otherLid]);
  });

  test('a LID chat without a mapping waits, across a connector restart, and is ingested once the mapping arrives', async ({ platform }) => {
    const tenant = await createConnectorTenant(platform);
    const before = await connector(tenant.connector);
    const phone = '+5511987650204';
    const lid = newLid();
    const first = wa(lid, { conversation: 'Oi, sou novo aqui' });
    await before.deliver(first);
    await before.deliver(reaction(lid, first.key.id!, '👋', Date.now()));
    expect(before.outcomes).toEqual([]);
    expect((await leadByPhone(tenant, phone)).totalCount).toBe(0);

    const after = await connector(tenant.connector, await openLidStore({ dir: before.dir }));
    await after.emit('lid-mapping.update', { lid, pn: jidOf(phone) });
    const found = await leadByPhone(tenant, phone);
    expect(found.totalCount).toBe(1);
    expect(await messagesOf(tenant, found.edges[0].node.id)).toEqual([
      expect.objectContaining({ waMessageId: first.key.id, body: 'Oi, sou novo aqui', reactions: [{ emoji: '👋', author: 'LEAD' }] }),
    ]);
    expect(after.lids.held).toBe(0);
  });

  test('an edit naming another workspace’s message writes nothing there or here; an edit without a target is BAD_USER_INPUT', async ({ platform }) => {
    const owner = await createConnectorTenant(platform);
    const intruder = await createConnectorTenant(platform);
    const phone = '+5511987650205';
    const wa1 = await connector(owner.connector);
    const original = wa(jidOf(phone), { conversation: 'Meu CPF é 123' });
    await wa1.deliver(original);
    const leadId = (await leadByPhone(owner, phone)).edges[0].node.id;
    const before = await messagesOf(owner, leadId);

    const wa2 = await connector(intruder.connector);
    await wa2.deliver(edit(jidOf(phone), original.key.id!, 'Meu CPF é 999', Date.now()));
    await wa2.deliver(wa(jidOf(phone), { protocolMessage: { type: Type.REVOKE, key: { remoteJid: ME.id, fromMe: true, id: original.key.id } } }));
    expect(wa2.outcomes).toEqual([
      { accepted: 0, duplicates: 0, applied: 0, ignored: 1 },
      { accepted: 0, duplicates: 0, applied: 0, ignored: 1 },
    ]);
    expect(await messagesOf(owner, leadId)).toEqual(before);
    expect((await ok(intruder.admin({ query: '{ leads { totalCount } }' }))).leads.totalCount).toBe(0);
    const input = { sessionId: 'agent', messages: [{ kind: 'EDIT', waMessageId: waId(), remoteJid: jidOf(phone), fromMe: false, phone, body: 'x', sentAt: new Date().toISOString() }] };
    const bad = await intruder.connector({ query: INGEST, variables: { input } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.messages.0.targetWaMessageId' });
    const rows = await sql(platform, `SELECT count(*)::int AS n FROM messaging."Message" WHERE "workspaceId" = $1`, [intruder.workspaceId]);
    const reactions = await sql(platform, `SELECT count(*)::int AS n FROM messaging."MessageReaction" WHERE "workspaceId" = $1`, [intruder.workspaceId]);
    expect([rows[0].n, reactions[0].n]).toEqual([0, 0]);
  });
});
