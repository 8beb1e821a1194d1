import { proto, type BaileysEventMap } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventDispatcher } from '../events/dispatcher.ts';
import { createMessageHandlers } from '../inbound/handlers.ts';
import { toInboundMessage, type InboundMessage } from '../inbound/map-message.ts';
import type { MessageStatus } from '../outbound/receipt-status.ts';
import { createSimulatedSocket, type SimulatedSocket } from './simulated-socket.ts';
import { createThreadStore } from './threads.ts';

const LEAD = '+5511987654321';
const LEAD_JID = '5511987654321@s.whatsapp.net';
const { Status } = proto.WebMessageInfo;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const sockets: SimulatedSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) await s.end(undefined);
});

/** A socket with every batch `ev.process` hands out recorded, opened. */
async function openSocket(opts: Partial<Parameters<typeof createSimulatedSocket>[0]> = {}) {
  const threads = opts.threads ?? createThreadStore();
  const sock = createSimulatedSocket({ sessionId: 'agent', ownPhone: '+5511900000001', threads, receiptDelaysMs: [10, 20, 30], ...opts });
  sockets.push(sock);
  const batches: Partial<BaileysEventMap>[] = [];
  sock.ev.process(async (events) => void batches.push(events));
  await sleep(5);
  return { sock, batches, threads };
}

const upserts = (batches: Partial<BaileysEventMap>[]) => batches.flatMap((b) => (b['messages.upsert'] ? [b['messages.upsert']] : []));
const updates = (batches: Partial<BaileysEventMap>[]) => batches.flatMap((b) => b['messages.update'] ?? []);

describe('createSimulatedSocket', () => {
  it('opens after its listeners are attached, and says who it is', async () => {
    const { sock, batches } = await openSocket();
    expect(batches[0]).toEqual({ 'connection.update': { connection: 'open' } });
    expect(sock.user?.id).toBe('5511900000001:1@s.whatsapp.net');
    expect(sock.isOpen).toBe(true);
  });

  it("delivers a lead's message as a notify upsert of a real WebMessageInfo the mapper reads", async () => {
    const { sock, batches, threads } = await openSocket();
    const at = new Date('2026-03-04T05:06:07Z');
    const id = sock.receive({ from: LEAD, name: 'Maria', text: 'Oi, quero um carro', at });
    expect(id).toMatch(/^3EB0[0-9A-F]{18}$/);

    const [upsert] = upserts(batches);
    expect(upsert!.type).toBe('notify');
    const msg = upsert!.messages[0]!;
    expect(msg).toBeInstanceOf(proto.WebMessageInfo);
    // It survives the wire format, as a message from WhatsApp's servers does.
    const decoded = proto.WebMessageInfo.decode(proto.WebMessageInfo.encode(msg).finish());
    expect(decoded.key).toMatchObject({ remoteJid: LEAD_JID, fromMe: false, id });
    expect(decoded.message?.conversation).toBe('Oi, quero um carro');
    expect(decoded.pushName).toBe('Maria');
    expect(toInboundMessage(decoded, 'agent', 'BR')).toEqual({
      sessionId: 'agent',
      waMessageId: id,
      remoteJid: LEAD_JID,
      phone: LEAD,
      pushName: 'Maria',
      type: 'TEXT',
      body: 'Oi, quero um carro',
      mediaMime: null,
      mediaPath: null,
      mediaSize: null,
      mediaFileName: null,
      sentAt: at,
      fromMe: false,
    } satisfies InboundMessage);
    expect(threads.thread(LEAD)).toEqual([{ id, session: 'agent', direction: 'IN', text: 'Oi, quero um carro', status: 'RECEIVED', at: at.toISOString() }]);
  });

  it('echoes a send as a fromMe append upsert, then receipts server ack, delivery, read in that order', async () => {
    const { sock, batches, threads } = await openSocket();
    const sent = await sock.sendMessage(LEAD_JID, { text: 'Olá Maria!' }, { messageId: '3EB0AAAABBBBCCCCDDDDEE' });
    expect(sent).toBeInstanceOf(proto.WebMessageInfo);
    expect(sent!.key).toMatchObject({ remoteJid: LEAD_JID, fromMe: true, id: '3EB0AAAABBBBCCCCDDDDEE' });
    expect(threads.thread(LEAD)[0]).toMatchObject({ direction: 'OUT', status: 'PENDING', text: 'Olá Maria!' });

    await sleep(60);
    const [echo] = upserts(batches);
    expect(echo!.type).toBe('append');
    expect(echo!.messages[0]!.key).toMatchObject({ fromMe: true, id: '3EB0AAAABBBBCCCCDDDDEE' });
    expect(echo!.messages[0]!.message?.extendedTextMessage?.text ?? echo!.messages[0]!.message?.conversation).toBe('Olá Maria!');
    expect(updates(batches).map((u) => [u.key.id, u.key.fromMe, u.update.status])).toEqual([
      ['3EB0AAAABBBBCCCCDDDDEE', true, Status.SERVER_ACK],
      ['3EB0AAAABBBBCCCCDDDDEE', true, Status.DELIVERY_ACK],
      ['3EB0AAAABBBBCCCCDDDDEE', true, Status.READ],
    ]);
    expect(threads.thread(LEAD)[0]!.status).toBe('READ');
  });

  it("drives the connector's own handlers: receipts become SENT, DELIVERED, READ and the echo is not ingested", async () => {
    const sock = createSimulatedSocket({ sessionId: 'agent', ownPhone: '+5511900000001', receiptDelaysMs: [5, 10, 15] });
    sockets.push(sock);
    const statuses: [string, MessageStatus][] = [];
    const ingested: unknown[][] = [];
    const handlers = createMessageHandlers({
      sessionId: 'agent',
      defaultRegion: 'BR',
      ingest: async (m) => void ingested.push(m),
      updateStatus: async (id, status) => void statuses.push([id, status]),
      ingestFromMe: true,
    });
    sock.ev.process(createEventDispatcher(handlers, { error() {} }));
    await sleep(5);
    await sock.sendMessage(LEAD_JID, { text: 'Oi' }, { messageId: 'S1' });
    await sleep(40);
    expect(statuses).toEqual([
      ['S1', 'SENT'],
      ['S1', 'DELIVERED'],
      ['S1', 'READ'],
    ]);
    expect(ingested).toEqual([]);
  });

  it('keeps one message per id: a re-send with the same id and a redelivery stay one', async () => {
    const { sock, threads } = await openSocket();
    await sock.sendMessage(LEAD_JID, { text: 'Olá' }, { messageId: 'SAME' });
    await sock.sendMessage(LEAD_JID, { text: 'Olá' }, { messageId: 'SAME' });
    sock.receive({ from: LEAD, text: 'oi', id: 'IN1' });
    sock.receive({ from: LEAD, text: 'oi', id: 'IN1' });
    await sock.sendMessage(LEAD_JID, { text: 'Outra' });
    expect(threads.thread(LEAD).map((m) => [m.direction, m.id === 'SAME' || m.id === 'IN1' ? m.id : 'new'])).toEqual([
      ['OUT', 'SAME'],
      ['IN', 'IN1'],
      ['OUT', 'new'],
    ]);
  });

  it('sends text to phone numbers only', async () => {
    const { sock } = await openSocket();
    await expect(sock.sendMessage('120363012345678901@g.us', { text: 'grupo' })).rejects.toThrow(/phone numbers/);
    await expect(sock.sendMessage(LEAD_JID, { image: { url: 'https://x/y.jpg' } } as never)).rejects.toThrow(/text messages only/);
  });

  it('closes on end: a close update, no more receipts, and sends fail as on a dead socket', async () => {
    const { sock, batches, threads } = await openSocket();
    await sock.sendMessage(LEAD_JID, { text: 'Olá' }, { messageId: 'S1' });
    await sock.end(new Error('bye'));
    await sleep(50);
    const closes = batches.filter((b) => b['connection.update']?.connection === 'close');
    expect(closes).toHaveLength(1);
    expect(updates(batches)).toEqual([]);
    expect(threads.thread(LEAD)[0]!.status).toBe('PENDING');
    expect(sock.isOpen).toBe(false);
    await expect(sock.sendMessage(LEAD_JID, { text: 'again' })).rejects.toThrow('Connection Closed');
    expect(() => sock.receive({ from: LEAD, text: 'oi' })).toThrow('Connection Closed');
  });

  it('refuses to send before it is open', async () => {
    const sock = createSimulatedSocket({ sessionId: 'agent', ownPhone: '+5511900000001' });
    sockets.push(sock);
    await expect(sock.sendMessage(LEAD_JID, { text: 'cedo' })).rejects.toThrow('Connection Closed');
  });
});
