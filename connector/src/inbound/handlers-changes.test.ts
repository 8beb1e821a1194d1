import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeEventBuffer, proto, type WAMessage, type WAMessageKey } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventDispatcher } from '../events/dispatcher.ts';
import { deliverLikeBaileys } from '../simulator/baileys-delivery.ts';
import { createMessageHandlers, type MessageHandlerDeps } from './handlers.ts';
import { toIngestInputs } from './ingest-input.ts';
import { openLidStore, type LidStore } from './lid-store.ts';

const ME = { id: '5511900000001:1@s.whatsapp.net', lid: '99999999999999:1@lid' };
const LEAD = '5511987654321@s.whatsapp.net';
const LID = '208317429321838@lid';
const TS = 1_700_000_000;
const { Type } = proto.Message.ProtocolMessage;
const silent = { level: 'silent', child: () => silent, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

/** The connector's handlers on a Baileys event buffer, as live-session attaches them; what reaches ingest, as the API sees it. */
async function setup(opts: { dir?: string; lids?: LidStore | null; lookupPn?: MessageHandlerDeps['lookupPn'] } = {}) {
  const dir = opts.dir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'handlers-changes-')));
  if (!opts.dir) dirs.push(dir);
  const lids = opts.lids === null ? undefined : (opts.lids ?? (await openLidStore({ dir })));
  const batches: Record<string, unknown>[][] = [];
  const handlers = createMessageHandlers({
    sessionId: 'agent',
    defaultRegion: 'BR',
    ingest: async (items) => void batches.push(toIngestInputs(items).inputs as unknown as Record<string, unknown>[]),
    updateStatus: async () => undefined,
    ingestFromMe: true,
    lids,
    lookupPn: opts.lookupPn,
  });
  const ev = makeEventBuffer(silent);
  const dispatch = createEventDispatcher(handlers, { error: (o) => console.error(o) });
  let last: Promise<void> = Promise.resolve();
  ev.process((events) => (last = dispatch(events)));
  const settled = async () => {
    await new Promise((r) => setImmediate(r));
    await last;
  };
  return { dir, lids, batches, handlers, ev, settled, deliver: async (m: WAMessage, type: 'notify' | 'append' = 'notify') => {
    await deliverLikeBaileys(ev, m, ME, type);
    await settled();
  } };
}

const wa = (id: string, message: proto.IMessage, key: Partial<WAMessageKey> = {}, ts = TS) => {
  const msg = proto.WebMessageInfo.fromObject({ key: { remoteJid: LEAD, fromMe: false, id }, messageTimestamp: ts, pushName: 'Maria', message }) as WAMessage;
  Object.assign(msg.key, key);
  return msg;
};
const edit = (id: string, target: string, text: string, key: Partial<WAMessageKey> = {}) =>
  wa(id, { editedMessage: { message: { protocolMessage: { type: Type.MESSAGE_EDIT, key: { remoteJid: LEAD, fromMe: true, id: target }, editedMessage: { conversation: text }, timestampMs: (TS + 60) * 1000 } } } }, key, TS + 60);
const pick = (batches: Record<string, unknown>[][], ...fields: string[]) => batches.map((b) => b.map((i) => fields.map((f) => i[f])));

describe('reactions, edits and deletions, as Baileys delivers them', () => {
  it('a lead’s reaction is ingested once (the upsert), not again for messages.reaction', async () => {
    const { batches, deliver } = await setup();
    await deliver(wa('A', { conversation: 'Oi' }));
    await deliver(wa('R1', { reactionMessage: { key: { remoteJid: ME.id, fromMe: true, id: 'A' }, text: '❤️', senderTimestampMs: TS * 1000 + 5 } }));
    expect(pick(batches, 'kind', 'waMessageId', 'targetWaMessageId', 'emoji', 'phone', 'sentAt')).toEqual([
      [[undefined, 'A', undefined, undefined, '+5511987654321', new Date(TS * 1000).toISOString()]],
      [['REACTION', 'R1', 'A', '❤️', '+5511987654321', new Date(TS * 1000 + 5).toISOString()]],
    ]);
  });

  it('an edit is ingested once, though Baileys emits it as an upsert and again as messages.update', async () => {
    const { batches, deliver } = await setup();
    await deliver(wa('A', { conversation: 'Quero 200 mil' }));
    await deliver(edit('E1', 'A', 'Quero 250 mil'));
    expect(pick(batches, 'kind', 'targetWaMessageId', 'body', 'fromMe')).toEqual([[[undefined, undefined, 'Quero 200 mil', false]], [['EDIT', 'A', 'Quero 250 mil', false]]]);
  });

  it('an edit only messages.update shows is ingested from it', async () => {
    const { batches, handlers } = await setup();
    await handlers['messages.update']([{ key: { remoteJid: LEAD, fromMe: false, id: 'A' }, update: { message: { editedMessage: { message: { conversation: 'novo' } } }, messageTimestamp: TS + 9 } }]);
    expect(pick(batches, 'kind', 'targetWaMessageId', 'body', 'sentAt')).toEqual([[['EDIT', 'A', 'novo', new Date((TS + 9) * 1000).toISOString()]]]);
  });

  it('a message and its edit buffered together (offline): Baileys folds the edit into the message, which is ingested with the new text', async () => {
    const { batches, ev, settled } = await setup();
    ev.buffer();
    await deliverLikeBaileys(ev, wa('A', { conversation: 'Quero 200 mil' }), ME, 'append');
    await deliverLikeBaileys(ev, edit('E1', 'A', 'Quero 250 mil'), ME, 'append');
    ev.flush();
    await settled();
    expect(pick(batches, 'waMessageId', 'kind', 'body')).toEqual([
      [
        ['A', undefined, 'Quero 250 mil'],
        ['E1', 'EDIT', 'Quero 250 mil'],
      ],
    ]);
  });

  it('deletions for everyone, and our own changes made on the phone, are ingested', async () => {
    const { batches, deliver } = await setup();
    await deliver(wa('D1', { protocolMessage: { type: Type.REVOKE, key: { remoteJid: LEAD, fromMe: true, id: 'A' } } }));
    await deliver(wa('R2', { reactionMessage: { key: { remoteJid: LEAD, fromMe: false, id: 'A' }, text: '🙏' } }, { fromMe: true }), 'append');
    await deliver(edit('E2', 'S1', 'Segue a proposta revisada', { fromMe: true }));
    expect(pick(batches, 'kind', 'targetWaMessageId', 'fromMe')).toEqual([[['REVOKE', 'A', false]], [['REACTION', 'A', true]], [['EDIT', 'S1', true]]]);
  });
});

describe('LID chats', () => {
  const fromLid = (id: string, text: string, alt?: string) => wa(id, { conversation: text }, { remoteJid: LID, ...(alt ? { remoteJidAlt: alt } : {}) });

  it('with the phone in the key: ingested at once, and the pair resolves later LID-only messages', async () => {
    const { batches, deliver } = await setup();
    await deliver(fromLid('A', 'oi', LEAD));
    await deliver(fromLid('B', 'sem o número'));
    expect(pick(batches, 'waMessageId', 'remoteJid', 'phone')).toEqual([[['A', LID, '+5511987654321']], [['B', LID, '+5511987654321']]]);
  });

  it('without a mapping: held, across a restart, and ingested in order once lid-mapping.update gives the number', async () => {
    const first = await setup();
    await first.deliver(fromLid('A', 'primeira'));
    await first.deliver(wa('R', { reactionMessage: { key: { id: 'A' }, text: '👍' } }, { remoteJid: LID }));
    expect(first.batches).toEqual([]);
    expect(first.lids!.held).toBe(2);

    // The connector restarts: a new store on the same directory, new handlers.
    const second = await setup({ dir: first.dir, lids: await openLidStore({ dir: first.dir }) });
    second.ev.emit('lid-mapping.update', { lid: LID, pn: LEAD });
    await second.settled();
    await second.deliver(fromLid('B', 'segunda'));
    expect(pick(second.batches, 'waMessageId', 'kind', 'phone')).toEqual([
      [
        ['A', undefined, '+5511987654321'],
        ['R', 'REACTION', '+5511987654321'],
      ],
      [['B', undefined, '+5511987654321']],
    ]);
    expect(second.lids!.held).toBe(0);
    expect((await openLidStore({ dir: first.dir })).pnOf('208317429321838')).toBe('5511987654321');
  });

  it('held messages go before a newer one whose key brings the number', async () => {
    const { batches, deliver } = await setup();
    await deliver(fromLid('A', 'primeira'));
    await deliver(fromLid('B', 'segunda', LEAD));
    expect(pick(batches, 'waMessageId')).toEqual([[['A']], [['B']]]);
  });

  it('asks Baileys’ own store, when there is one, before holding; and again for what is held when the connection opens', async () => {
    const known = new Map<string, string>();
    const asked: string[] = [];
    const lookupPn = async (lid: string) => (asked.push(lid), known.get(lid) ?? null);
    const { batches, deliver, ev, settled, lids } = await setup({ lookupPn });
    known.set('111111111111111@lid', '5521987650001:0@s.whatsapp.net');
    await deliver(wa('A', { conversation: 'oi' }, { remoteJid: '111111111111111@lid' }));
    await deliver(fromLid('B', 'ninguém sabe'));
    expect(pick(batches, 'waMessageId', 'phone')).toEqual([[['A', '+5521987650001']]]);
    expect(lids!.held).toBe(1);
    known.set(LID, `${LEAD.split('@')[0]}:0@s.whatsapp.net`);
    ev.emit('connection.update', { connection: 'open' });
    await settled();
    expect(pick(batches, 'waMessageId', 'phone')).toEqual([[['A', '+5521987650001']], [['B', '+5511987654321']]]);
    expect(asked).toEqual(['111111111111111@lid', LID, LID]);
  });

  it('without a store, a LID-only message reaches ingest without a phone (and is left out there)', async () => {
    const { batches, deliver } = await setup({ lids: null });
    await deliver(fromLid('A', 'oi'));
    expect(batches).toEqual([[]]);
  });
});
