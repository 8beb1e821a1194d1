import { makeEventBuffer, proto, type BaileysEventMap, type WAMessage } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import type { MessageStatus } from '../outbound/receipt-status.ts';
import { createEventDispatcher } from '../events/dispatcher.ts';
import { createMessageHandlers } from './handlers.ts';
import type { InboundItem } from './map-change.ts';

const LEAD = '5511987654321@s.whatsapp.net';
const { Status } = proto.WebMessageInfo;

function setup() {
  const ingested: InboundItem[][] = [];
  const statuses: [string, MessageStatus][] = [];
  const handlers = createMessageHandlers({
    sessionId: 'session-a',
    defaultRegion: 'BR',
    ingest: async (messages) => void ingested.push(messages),
    updateStatus: async (id, status) => void statuses.push([id, status]),
  });
  return { handlers, ingested, statuses };
}

// WAMessage is WebMessageInfo with a key, which fromObject always sets here.
const msg = (id: string, message: proto.IMessage, key: proto.IMessageKey = {}) =>
  proto.WebMessageInfo.fromObject({ key: { remoteJid: LEAD, fromMe: false, id, ...key }, messageTimestamp: 1_700_000_000, message }) as WAMessage;

describe('messages.upsert', () => {
  it('hands the mapped messages and reactions of a notify upsert to ingest in one call, in order, dropping the ignored ones', async () => {
    const { handlers, ingested } = setup();
    await handlers['messages.upsert']({
      type: 'notify',
      messages: [
        msg('A', { conversation: 'oi' }),
        msg('B', { reactionMessage: { text: '👍', key: { id: 'A' } } }),
        msg('C', { conversation: 'eco' }, { fromMe: true }),
        msg('D', { conversation: 'grupo' }, { remoteJid: '120363012345678901@g.us' }),
        msg('E', { imageMessage: { mimetype: 'image/jpeg' } }),
      ],
    });
    expect(ingested).toHaveLength(1);
    expect(ingested[0].map((m) => [m.waMessageId, 'kind' in m ? m.kind : m.type, m.phone, m.sessionId])).toEqual([
      ['A', 'TEXT', '+5511987654321', 'session-a'],
      ['B', 'REACTION', '+5511987654321', 'session-a'],
      ['E', 'IMAGE', '+5511987654321', 'session-a'],
    ]);
  });

  it('ingests messages typed on the phone (fromMe in a notify) when asked, never the append echo of our sends', async () => {
    const ingested: InboundItem[][] = [];
    const handlers = createMessageHandlers({
      sessionId: 'session-a',
      defaultRegion: 'BR',
      ingest: async (messages) => void ingested.push(messages),
      updateStatus: async () => undefined,
      ingestFromMe: true,
    });
    await handlers['messages.upsert']({ type: 'notify', messages: [msg('L1', { conversation: 'oi' }), msg('P1', { conversation: 'do celular' }, { fromMe: true })] });
    await handlers['messages.upsert']({ type: 'append', messages: [msg('S1', { conversation: 'enviado pelo conector' }, { fromMe: true })] });
    expect(ingested.map((batch) => batch.map((m) => [m.waMessageId, m.fromMe]))).toEqual([
      [
        ['L1', false],
        ['P1', true],
      ],
    ]);
  });

  it('ingests a lead’s messages delivered as append (what arrived while offline), and calls nothing when nothing is left', async () => {
    const { handlers, ingested } = setup();
    await handlers['messages.upsert']({ type: 'append', messages: [msg('A', { conversation: 'enquanto estava offline' })] });
    await handlers['messages.upsert']({ type: 'notify', messages: [msg('B', { protocolMessage: { type: 0 } })] });
    expect(ingested.map((batch) => batch.map((m) => m.waMessageId))).toEqual([['A']]);
  });
});

describe('messages.update', () => {
  it('reports receipts of what we sent, skipping PENDING, non-status updates and lead messages', async () => {
    const { handlers, statuses } = setup();
    const updates: BaileysEventMap['messages.update'] = [
      { key: { remoteJid: LEAD, id: 'S1', fromMe: true }, update: { status: Status.SERVER_ACK } },
      { key: { remoteJid: LEAD, id: 'S1', fromMe: true }, update: { status: Status.DELIVERY_ACK } },
      { key: { remoteJid: LEAD, id: 'S2', fromMe: true }, update: { status: Status.PLAYED } },
      { key: { remoteJid: LEAD, id: 'S3', fromMe: true }, update: { status: Status.ERROR } },
      { key: { remoteJid: LEAD, id: 'S4', fromMe: true }, update: { status: Status.PENDING } },
      { key: { remoteJid: LEAD, id: 'S5', fromMe: true }, update: { message: { conversation: 'editado' } } },
      { key: { remoteJid: LEAD, id: 'L1', fromMe: false }, update: { status: Status.READ } },
    ];
    await handlers['messages.update'](updates);
    expect(statuses).toEqual([
      ['S1', 'SENT'],
      ['S1', 'DELIVERED'],
      ['S2', 'READ'],
      ['S3', 'FAILED'],
    ]);
  });
});

describe('receipts merged by the event buffer', () => {
  it('reports the status Baileys folded into a buffered upsert of our own message', async () => {
    const { handlers, statuses, ingested } = setup();
    const silent = { level: 'silent', child: () => silent, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    const ev = makeEventBuffer(silent);
    let done!: Promise<void>;
    ev.process((events) => (done = createEventDispatcher(handlers, { error() {} })(events)));
    ev.buffer();
    const sent = msg('S1', { conversation: 'Olá Maria' }, { fromMe: true });
    sent.status = Status.PENDING;
    ev.emit('messages.upsert', { type: 'append', messages: [sent] });
    ev.emit('messages.update', [{ key: { remoteJid: LEAD, id: 'S1', fromMe: true }, update: { status: Status.DELIVERY_ACK } }]);
    ev.flush();
    await done;
    expect(statuses).toEqual([['S1', 'DELIVERED']]);
    expect(ingested).toEqual([]);
    ev.destroy();
  });
});
