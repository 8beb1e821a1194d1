import { makeEventBuffer, proto, type BaileysEventMap, type WAMessage } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { createEventDispatcher, type DispatchLog } from './dispatcher.ts';

const silent = { level: 'silent', child: () => silent, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder() {
  const lines: { obj: object; msg: string }[] = [];
  const log: DispatchLog = { error: (obj, msg) => void lines.push({ obj, msg }) };
  return { log, lines };
}

const upsert = (id: string, type: 'notify' | 'append' = 'notify'): BaileysEventMap['messages.upsert'] => ({
  type,
  messages: [proto.WebMessageInfo.fromObject({ key: { remoteJid: '5511987654321@s.whatsapp.net', id }, message: { conversation: 'oi' } }) as WAMessage],
});
const update = (id: string): BaileysEventMap['messages.update'] => [
  { key: { remoteJid: '5511987654321@s.whatsapp.net', id, fromMe: true }, update: { status: proto.WebMessageInfo.Status.READ } },
];

describe('createEventDispatcher', () => {
  it('runs the event types of a batch in the order Baileys inserted them, awaiting each', async () => {
    const calls: string[] = [];
    const dispatch = createEventDispatcher(
      {
        'messages.upsert': async (p) => { await sleep(20); calls.push(`upsert ${p.messages[0].key?.id}`); },
        'messages.update': async (p) => { calls.push(`update ${p[0].key.id}`); },
        'connection.update': async (p) => { calls.push(`connection ${p.connection}`); },
      },
      recorder().log,
    );
    await dispatch({ 'connection.update': { connection: 'open' }, 'messages.upsert': upsert('A'), 'messages.update': update('A') });
    expect(calls).toEqual(['connection open', 'upsert A', 'update A']);
  });

  it('logs a throwing handler with the event name, no personal data, and runs the rest', async () => {
    const calls: string[] = [];
    const { log, lines } = recorder();
    const dispatch = createEventDispatcher(
      {
        'messages.upsert': async () => { throw new Error('outbox down'); },
        'messages.update': async () => { calls.push('update'); },
      },
      log,
    );
    await expect(dispatch({ 'messages.upsert': upsert('A'), 'messages.update': update('A') })).resolves.toBeUndefined();
    expect(calls).toEqual(['update']);
    expect(lines).toHaveLength(1);
    expect(lines[0].obj).toEqual({ event: 'messages.upsert', error: { name: 'Error', message: 'outbox down' } });
    expect(JSON.stringify(lines)).not.toMatch(/5511987654321|oi/);
    // The next batch still runs.
    await dispatch({ 'messages.update': update('B') });
    expect(calls).toEqual(['update', 'update']);
  });

  it('joins the upserts that wait behind a running batch, in order, but never across another event or upsert type', async () => {
    const calls: string[] = [];
    const dispatch = createEventDispatcher(
      {
        'messages.upsert': async (p) => {
          calls.push(`${p.type} ${p.messages.map((m) => m.key?.id).join(',')}`);
          await sleep(20);
        },
        'messages.update': async (p) => void calls.push(`update ${p[0]!.key.id}`),
      },
      recorder().log,
    );
    const first = upsert('A');
    const runs = [dispatch({ 'messages.upsert': first })];
    for (const id of ['B', 'C', 'D']) runs.push(dispatch({ 'messages.upsert': upsert(id) }));
    runs.push(dispatch({ 'messages.update': update('D') }));
    runs.push(dispatch({ 'messages.upsert': upsert('E') }), dispatch({ 'messages.upsert': upsert('F', 'append') }), dispatch({ 'messages.upsert': upsert('G', 'append') }));
    await Promise.all(runs);
    expect(calls).toEqual(['notify A', 'notify B,C,D', 'update D', 'notify E', 'append F,G']);
    // Baileys' own payload is left as it was.
    expect(first.messages).toHaveLength(1);
  });

  it('ignores event types without a handler', async () => {
    const calls: string[] = [];
    const dispatch = createEventDispatcher({ 'messages.update': async () => { calls.push('update'); } }, recorder().log);
    await dispatch({ 'chats.upsert': [{ id: 'x@s.whatsapp.net' }], 'contacts.update': [{ id: 'x' }], 'messages.update': update('A') });
    expect(calls).toEqual(['update']);
  });

  describe("with Baileys' own event buffer", () => {
    it('receives a flushed buffer as one batch, upserts before updates', async () => {
      const ev = makeEventBuffer(silent);
      const calls: string[] = [];
      const dispatch = createEventDispatcher(
        {
          'messages.upsert': async (p) => { calls.push(`upsert ${p.messages.map((m) => m.key?.id).join(',')}`); },
          'messages.update': async (p) => { calls.push(`update ${p.map((u) => u.key.id).join(',')}`); },
        },
        recorder().log,
      );
      let done!: Promise<void>;
      ev.process((events) => (done = dispatch(events)));
      ev.buffer();
      ev.emit('messages.update', update('A'));
      ev.emit('messages.upsert', upsert('A'));
      ev.emit('messages.upsert', upsert('B'));
      ev.flush();
      await done;
      expect(calls[0]).toMatch(/^upsert (A,B|B,A)$/);
      expect(calls).toHaveLength(2);
      ev.destroy();
    });

    it('does not let a later batch overtake a slow one (Baileys does not await process)', async () => {
      const ev = makeEventBuffer(silent);
      const calls: string[] = [];
      const dispatch = createEventDispatcher(
        {
          'messages.upsert': async (p) => {
            const id = p.messages[0].key?.id;
            calls.push(`start ${id}`);
            await sleep(id === 'A' ? 30 : 0);
            calls.push(`end ${id}`);
          },
        },
        recorder().log,
      );
      const batches: Promise<void>[] = [];
      ev.process((events) => void batches.push(dispatch(events)));
      ev.emit('messages.upsert', upsert('A'));
      ev.emit('messages.upsert', upsert('B'));
      await Promise.all(batches);
      expect(batches).toHaveLength(2);
      expect(calls).toEqual(['start A', 'end A', 'start B', 'end B']);
      ev.destroy();
    });
  });
});
