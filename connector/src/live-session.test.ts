import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestBatch } from './api-client.ts';
import { startLiveSession, type LiveSession } from './live-session.ts';
import { createSimulator, type Simulator } from './simulator/simulator.ts';
import { openSpool, type Spool } from './spool/spool.ts';

const LEAD = '+5511987654321';
const LEAD_JID = '5511987654321@s.whatsapp.net';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
let spool: Spool;
let sim: Simulator;
let sent: IngestBatch[];
let statuses: [string, string][];
let warnings: { obj: any; msg: string }[];
let live: LiveSession;
let skipped: number;

const log = { debug() {}, info() {}, warn: (obj: object, msg: string) => void warnings.push({ obj, msg }), error() {} };

async function until(check: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'live-'));
  sent = [];
  statuses = [];
  warnings = [];
  skipped = 0;
  spool = await openSpool({ dir, send: async (b) => void sent.push(b), log });
  sim = createSimulator({ receiptDelaysMs: [5, 10, 15] });
  live = startLiveSession({
    session: { id: 'agent', kind: 'AGENT' },
    source: sim.source({ id: 'agent', kind: 'AGENT' }),
    spool,
    api: { updateMessageStatus: async (id, status) => (statuses.push([id, status]), true) },
    defaultRegion: 'BR',
    log,
    metrics: { skippedWithoutPhone: { inc: (_labels: unknown, n = 1) => void (skipped += n) } as never },
    socketWaitMs: 200,
  });
  await until(() => live.isOpen);
});
afterEach(async () => {
  await live.stop();
  await spool.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('startLiveSession', () => {
  it("spools a lead's message and sends it as the ingest input", async () => {
    const id = sim.receive({ from: LEAD, name: 'Maria', text: 'Oi' }).id;
    await until(() => sent.length === 1);
    expect(sent[0]).toEqual({
      sessionId: 'agent',
      messages: [
        {
          waMessageId: id,
          remoteJid: LEAD_JID,
          fromMe: false,
          phone: LEAD,
          pushName: 'Maria',
          type: 'TEXT',
          body: 'Oi',
          mediaMime: null,
          sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ],
    });
  });

  it('ingests what was typed on the phone as fromMe, and skips LID-only chats with a count and a warning', async () => {
    const sock = sim.socket('agent')!;
    const fromPhone = proto.WebMessageInfo.fromObject({ key: { remoteJid: LEAD_JID, fromMe: true, id: 'PHONE1' }, message: { conversation: 'do celular' }, messageTimestamp: 1_700_000_000 }) as WAMessage;
    const lidOnly = proto.WebMessageInfo.fromObject({ key: { remoteJid: '123456789012345@lid', fromMe: false, id: 'LID1' }, message: { conversation: 'oi' }, messageTimestamp: 1_700_000_000 }) as WAMessage;
    sock.ev.emit('messages.upsert', { type: 'notify', messages: [fromPhone, lidOnly] });
    await until(() => sent.length === 1);
    expect(sent[0]!.messages.map((m) => [m.waMessageId, m.fromMe])).toEqual([['PHONE1', true]]);
    expect(skipped).toBe(1);
    expect(warnings.find((w) => w.msg.includes('LID'))).toMatchObject({ obj: { session: 'agent', count: 1 } });
  });

  it('reports the receipts of what it sends', async () => {
    const sock = await live.openSocket(new AbortController().signal);
    await sock.sendMessage(LEAD_JID, { text: 'Olá' }, { messageId: 'S1' });
    await until(() => statuses.length === 3);
    expect(statuses).toEqual([
      ['S1', 'SENT'],
      ['S1', 'DELIVERED'],
      ['S1', 'READ'],
    ]);
    expect(sent).toEqual([]);
  });

  it('starts a source that waits to be told only after listening to it', async () => {
    const calls: string[] = [];
    const other = startLiveSession({
      session: { id: 'team', kind: 'TEAM' },
      source: { onSocket: () => void calls.push('onSocket'), start: () => void calls.push('start'), stop: async () => void calls.push('stop') },
      spool,
      api: { updateMessageStatus: async () => true },
      defaultRegion: 'BR',
      log,
    });
    await sleep(1);
    expect(calls).toEqual(['onSocket', 'start']);
    await other.stop();
    expect(calls).toEqual(['onSocket', 'start', 'stop']);
  });

  it('hands out the socket of the latest connection, waits for one, and gives up after a while', async () => {
    const before = await live.openSocket(new AbortController().signal);
    await sim.reconnect('agent');
    // Right after the reconnect the new socket is not open yet: a send waits for it.
    const after = await live.openSocket(new AbortController().signal);
    expect(after).not.toBe(before);
    expect(after).toBe(sim.socket('agent'));

    await live.stop();
    await expect(live.openSocket(new AbortController().signal)).rejects.toThrow('session "agent" is not connected');
    const controller = new AbortController();
    const waiting = live.openSocket(controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
  });
});
