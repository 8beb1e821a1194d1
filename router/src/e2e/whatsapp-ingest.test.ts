import { randomBytes } from 'node:crypto';
import { createMessageHandlers, type InboundMessage } from '../../../connector/src/index.ts';
import { toIngestInputs } from '../../../connector/src/inbound/ingest-input.ts';
import { createLogger } from '@leadwire/platform';
import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, vi } from 'vitest';
import { startQualificationWorker } from '../../../workers/src/qualification-worker.ts';
import { ok, type Caller } from '../test/client.ts';
import { createConnectorTenant } from '../test/connector-tenant.ts';
import { test } from '../test/fixtures.ts';
import { startPlatform } from '../test/platform.ts';

const INGEST = `mutation Ingest($input: IngestWhatsAppInput!) { ingestWhatsAppMessages(input: $input) { accepted duplicates } }`;
const waId = () => `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;
const jidOf = (phone: string) => `${phone.slice(1)}@s.whatsapp.net`;

/** A lead's message as Baileys delivers it. */
const fromLead = (phone: string, text: string, id = waId(), extra: Record<string, unknown> = {}) =>
  proto.WebMessageInfo.fromObject({
    key: { remoteJid: jidOf(phone), fromMe: false, id },
    message: { conversation: text },
    messageTimestamp: Math.floor(Date.now() / 1000),
    pushName: 'Maria Lead',
    ...extra,
  }) as WAMessage;

/** The connector's handlers, ingesting through the router with the workspace's service key. */
function connectorHandlers(connector: Caller) {
  const ingest = async (messages: InboundMessage[]) => {
    const input = { sessionId: 'agent', messages: toIngestInputs(messages).inputs };
    await ok(connector({ query: INGEST, variables: { input } }));
  };
  return createMessageHandlers({ sessionId: 'agent', defaultRegion: 'BR', ingest, updateStatus: async () => undefined });
}

const leadsByPhone = (phone: string) => ({
  query: 'query($s: String) { leads(search: $s) { totalCount edges { node { id name source region } } } }',
  variables: { s: phone },
});
const thread = (leadId: string) => ({
  query: 'query($l: ID!) { messages(leadId: $l, first: 100) { edges { node { id body direction author waMessageId status } } } }',
  variables: { l: leadId },
});

async function jobRows(platform: { env: { DATABASE_URL: string } }, workspaceId: string) {
  const client = new pg.Client({ connectionString: platform.env.DATABASE_URL });
  await client.connect();
  try {
    return (
      await client.query(`SELECT "id", "queue", "queuedAt", "doneAt" FROM messaging."QueuedJob" WHERE "workspaceId" = $1 ORDER BY "createdAt"`, [workspaceId])
    ).rows;
  } finally {
    await client.end();
  }
}

describe('WhatsApp messages reach the platform exactly once', () => {
  test('five deliveries of each message and a replay store one message and queue one job each, in order', async ({ platform }) => {
    const tenant = await createConnectorTenant(platform);
    const handlers = connectorHandlers(tenant.connector);
    const phone = '+5511987650001';
    const batch = ['Oi', 'Quero financiar um apartamento', 'Meu nome é Maria'].map((text) => fromLead(phone, text));
    for (let i = 0; i < 5; i++) await handlers['messages.upsert']({ type: 'notify', messages: batch });
    await handlers['messages.upsert']({ type: 'notify', messages: [batch[1]!] });

    const lead = (await ok(tenant.admin(leadsByPhone(phone)))).leads.edges[0].node;
    expect(lead).toMatchObject({ name: 'Maria Lead', source: 'WHATSAPP', region: 'BR-SP' });
    const stored = (await ok(tenant.admin(thread(lead.id)))).messages.edges.map((e: any) => e.node);
    expect(stored.map((m: any) => m.body)).toEqual(['Oi', 'Quero financiar um apartamento', 'Meu nome é Maria']);
    expect(stored.every((m: any) => m.direction === 'INBOUND' && m.author === 'LEAD')).toBe(true);

    const jobs = await jobRows(platform, tenant.workspaceId);
    expect(jobs.map((j) => j.id).sort()).toEqual(stored.map((m: any) => m.id).sort());
    expect(jobs.every((j) => j.queue === 'qualification')).toBe(true);
    // The relay hands each to BullMQ under the message's id: one job per message.
    const queue = new Queue('qualification', { connection: new Redis(platform.env.REDIS_URL, { maxRetriesPerRequest: null }) });
    try {
      await vi.waitFor(async () => {
        for (const m of stored) expect((await queue.getJob(m.id))?.data).toMatchObject({ messageId: m.id, leadId: lead.id, workspaceId: tenant.workspaceId });
      });
    } finally {
      await queue.close();
    }
  });

  test('an unknown number whose first five messages arrive at once becomes one lead with one thread', async ({ platform }) => {
    const tenant = await createConnectorTenant(platform);
    const phone = '+5521987650002';
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => connectorHandlers(tenant.connector)['messages.upsert']({ type: 'notify', messages: [fromLead(phone, `mensagem ${i}`)] })),
    );
    const found = (await ok(tenant.admin(leadsByPhone(phone)))).leads;
    expect(found.totalCount).toBe(1);
    expect(found.edges[0].node.region).toBe('BR-RJ');
    const conversations = await ok(tenant.admin({ query: 'query($id: ID!) { lead(id: $id) { conversations { id sessionId remoteJid } } }', variables: { id: found.edges[0].node.id } }));
    expect(conversations.lead.conversations).toEqual([expect.objectContaining({ sessionId: 'agent', remoteJid: jidOf(phone) })]);
    expect((await ok(tenant.admin(thread(found.edges[0].node.id)))).messages.edges).toHaveLength(5);
  });

  test('groups, broadcasts and status updates are ignored', async ({ platform }) => {
    const tenant = await createConnectorTenant(platform);
    const handlers = connectorHandlers(tenant.connector);
    const noise: WAMessage[] = [
      proto.WebMessageInfo.fromObject({ key: { remoteJid: '120363025246125486@g.us', fromMe: false, id: waId(), participant: '5511987650003@s.whatsapp.net' }, message: { conversation: 'grupo' } }) as WAMessage,
      proto.WebMessageInfo.fromObject({ key: { remoteJid: 'status@broadcast', fromMe: false, id: waId() }, message: { conversation: 'status' } }) as WAMessage,
      proto.WebMessageInfo.fromObject({ key: { remoteJid: '1234567890@broadcast', fromMe: false, id: waId() }, message: { conversation: 'lista' } }) as WAMessage,
    ];
    await handlers['messages.upsert']({ type: 'notify', messages: noise });
    expect((await ok(tenant.admin({ query: '{ leads { totalCount } }' }))).leads.totalCount).toBe(0);
    expect(await jobRows(platform, tenant.workspaceId)).toEqual([]);
  });

  test('a message typed on the business phone is recorded as outbound, with no qualification job', async ({ platform }) => {
    const tenant = await createConnectorTenant(platform);
    const phone = '+5511987650004';
    await ok(
      tenant.connector({
        query: INGEST,
        variables: {
          input: {
            sessionId: 'agent',
            messages: [
              { waMessageId: waId(), remoteJid: jidOf(phone), fromMe: false, phone, pushName: 'Joana', type: 'TEXT', body: 'Oi', sentAt: new Date().toISOString() },
              { waMessageId: waId(), remoteJid: jidOf(phone), fromMe: true, phone, type: 'TEXT', body: 'Olá Joana, tudo bem?', sentAt: new Date().toISOString() },
            ],
          },
        },
      }),
    );
    const lead = (await ok(tenant.admin(leadsByPhone(phone)))).leads.edges[0].node;
    const stored = (await ok(tenant.admin(thread(lead.id)))).messages.edges.map((e: any) => e.node);
    expect(stored.map((m: any) => [m.direction, m.author, m.body])).toEqual([
      ['INBOUND', 'LEAD', 'Oi'],
      ['OUTBOUND', 'CONSULTANT', 'Olá Joana, tudo bem?'],
    ]);
    expect((await jobRows(platform, tenant.workspaceId)).map((j) => j.id)).toEqual([stored[0].id]);
  });

  test('a batch from 45 numbers never seen makes 45 leads with one thread each; its replay makes none', async ({ platform }) => {
    const tenant = await createConnectorTenant(platform);
    const handlers = connectorHandlers(tenant.connector);
    const phones = Array.from({ length: 45 }, (_, i) => `+55119876502${String(i).padStart(2, '0')}`);
    const batch = phones.map((phone) => fromLead(phone, `Oi, sou ${phone}`));
    await handlers['messages.upsert']({ type: 'notify', messages: batch });
    await handlers['messages.upsert']({ type: 'notify', messages: batch });

    const leads = await ok(tenant.admin({ query: '{ leads(first: 100) { totalCount edges { node { id phone source conversations { id sessionId } } } } }' }));
    expect(leads.leads.totalCount).toBe(45);
    expect(leads.leads.edges.map((e: any) => e.node.phone).sort()).toEqual([...phones].sort());
    for (const { node } of leads.leads.edges) {
      expect(node).toMatchObject({ source: 'WHATSAPP', conversations: [{ sessionId: 'agent' }] });
      expect((await ok(tenant.admin(thread(node.id)))).messages.edges.map((e: any) => e.node.body)).toEqual([`Oi, sou ${node.phone}`]);
    }
    expect(await jobRows(platform, tenant.workspaceId)).toHaveLength(45);
  });

  test('messages go to the lead that has the number now: after its lead was deleted, or moved to another number', async ({ platform }) => {
    const tenant = await createConnectorTenant(platform);
    const handlers = connectorHandlers(tenant.connector);
    const say = (phone: string, text: string) => handlers['messages.upsert']({ type: 'notify', messages: [fromLead(phone, text)] });
    const leadsOf = async (phone: string): Promise<string[]> => (await ok(tenant.admin(leadsByPhone(phone)))).leads.edges.map((e: any) => e.node.id);
    const bodies = async (leadId: string) => (await ok(tenant.admin(thread(leadId)))).messages.edges.map((e: any) => e.node.body);

    const deletedPhone = '+5511987650011';
    await say(deletedPhone, 'Oi');
    const [deleted] = await leadsOf(deletedPhone);
    await ok(tenant.admin({ query: 'mutation($id: ID!) { deleteLead(id: $id) }', variables: { id: deleted } }));
    await say(deletedPhone, 'Oi de novo');
    const [again] = await leadsOf(deletedPhone);
    expect(again).toBeDefined();
    expect(again).not.toBe(deleted);
    expect(await bodies(again!)).toEqual(['Oi de novo']);

    const oldPhone = '+5511987650012';
    const newPhone = '+5511987650013';
    await say(oldPhone, 'Meu número vai mudar');
    const [moved] = await leadsOf(oldPhone);
    await ok(tenant.admin({ query: 'mutation($id: ID!, $input: UpdateLeadInput!) { updateLead(id: $id, input: $input) { id } }', variables: { id: moved, input: { phone: newPhone } } }));
    await say(newPhone, 'Este é o novo');
    await say(oldPhone, 'Sou outra pessoa com o número antigo');
    expect(await bodies(moved!)).toEqual(['Meu número vai mudar', 'Este é o novo']);
    const [stranger] = await leadsOf(oldPhone);
    expect(stranger).not.toBe(moved);
    expect(await bodies(stranger!)).toEqual(['Sou outra pessoa com o número antigo']);
  });

  test('bad input is BAD_USER_INPUT naming the field, and nothing is written', async ({ platform }) => {
    const tenant = await createConnectorTenant(platform);
    const res = await tenant.connector({
      query: INGEST,
      variables: { input: { sessionId: 'agent', messages: [{ waMessageId: waId(), remoteJid: 'x@g.us', fromMe: false, phone: '+5511987650005', type: 'TEXT', body: 'a', sentAt: new Date().toISOString() }] } },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.messages.0.remoteJid' });
    expect((await ok(tenant.admin({ query: '{ leads { totalCount } }' }))).leads.totalCount).toBe(0);
  });

  test('people cannot ingest: only the connector’s service key', async ({ platform, tenant }) => {
    const res = await tenant.admin.call({ query: INGEST, variables: { input: { sessionId: 'agent', messages: [] } } });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('PostgreSQL is the record, Redis the transport', () => {
  test('messages ingested before Redis was flushed are all processed after recovery', async () => {
    // A Redis database of this test's own: FLUSHDB here touches no other test.
    const redisUrl = 'redis://127.0.0.1:6379/7';
    const platform = await startPlatform({ ownDatabase: 'ingest_sweep', env: { REDIS_URL: redisUrl }, jobRelay: { pollMs: 200, sweepAfterMs: 1_000 } });
    const redis = new Redis(redisUrl);
    const log = createLogger('test', 'silent');
    try {
      const tenant = await createConnectorTenant(platform);
      const phone = '+5511987650006';
      await connectorHandlers(tenant.connector)['messages.upsert']({ type: 'notify', messages: ['um', 'dois', 'três', 'quatro'].map((t) => fromLead(phone, t)) });
      await vi.waitFor(async () => expect((await jobRows(platform, tenant.workspaceId)).every((j) => j.queuedAt)).toBe(true));
      // Everything the relay handed over is gone, before any worker saw it.
      await redis.flushdb();
      const worker = startQualificationWorker({ redisUrl, routerUrl: platform.routerInternalUrl, signingSecret: platform.env.ROUTER_SIGNING_SECRET, log });
      try {
        await vi.waitFor(async () => expect((await jobRows(platform, tenant.workspaceId)).map((j) => Boolean(j.doneAt))).toEqual([true, true, true, true]), {
          timeout: 20_000,
          interval: 200,
        });
      } finally {
        await worker.close();
      }
    } finally {
      await redis.flushdb();
      redis.disconnect();
      await platform.close();
    }
  }, 120_000);
});
