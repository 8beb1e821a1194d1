import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient, type IngestBatch } from '../api-client.ts';
import { freePort, graphQLError, startStubRouter, type StubRouter } from '../test/stub-router.ts';
import { MAX_BATCH_BYTES } from '../inbound/ingest-input.ts';
import { openSpool, type SendBatch, type Spool } from './spool.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FAST = { baseMs: 20, capMs: 160 };

let dir: string;
const open: Spool[] = [];
const stubs: StubRouter[] = [];

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spool-'));
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const s of stubs.splice(0)) await s.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const batch = (id: string): IngestBatch => ({
  sessionId: 'agent',
  messages: [
    {
      waMessageId: id,
      remoteJid: '5511987654321@s.whatsapp.net',
      fromMe: false,
      phone: '+5511987654321',
      pushName: null,
      type: 'TEXT',
      body: `message ${id}`,
      mediaMime: null,
      sentAt: '2026-01-02T03:04:05.000Z',
    },
  ],
});
/** A router that never answers; the call ends only when the spool aborts it. */
const hang: SendBatch = (_batch, signal) =>
  new Promise((_, reject) => {
    signal.throwIfAborted();
    signal.addEventListener('abort', () => reject(signal.reason));
  });
// Every message sent, in the order sent: piled-up batches may share a call.
const ids = (batches: IngestBatch[]) => batches.flatMap((b) => b.messages.map((m) => m.waMessageId));
const callIds = (calls: { variables: Record<string, any> }[]) => ids(calls.map((c) => c.variables.input as IngestBatch));

function recorder() {
  const lines: { level: string; obj: any; msg: string }[] = [];
  return { lines, log: { warn: (obj: object, msg: string) => void lines.push({ level: 'warn', obj, msg }), error: (obj: object, msg: string) => void lines.push({ level: 'error', obj, msg }) } };
}

async function spool(send: SendBatch, extra: Partial<Parameters<typeof openSpool>[0]> = {}) {
  const s = await openSpool({ dir, send, log: recorder().log, backoff: FAST, ...extra });
  open.push(s);
  return s;
}

const pendingFiles = async () => (await fs.readdir(dir)).filter((n) => n !== 'rejected').sort();

async function until(check: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

describe('spool', () => {
  it('writes each batch to its own file before sending, and removes it once accepted', async () => {
    const seen: { ids: string[]; filesAtSend: string[] }[] = [];
    const s = await spool(async (b) => void seen.push({ ids: ids([b]), filesAtSend: await pendingFiles() }));
    await s.append(batch('A'));
    await s.append(batch('B'));
    await until(() => s.depth === 0);
    expect(seen.flatMap((x) => x.ids)).toEqual(['A', 'B']);
    // The batch being sent was on disk, under its sequence name.
    expect(seen[0]!.filesAtSend).toContain('000000000001.json');
    expect(await pendingFiles()).toEqual([]);
  });

  it('replays what a crashed instance left, in order, once each; a torn write is dropped and numbering goes on', async () => {
    // The first instance never hears back from the router, then "dies": dropped, never closed or flushed.
    const crashed = await openSpool({ dir, send: () => new Promise(() => undefined), log: recorder().log, backoff: FAST });
    for (const id of ['A', 'B', 'C', 'D', 'E']) await crashed.append(batch(id));
    expect(await pendingFiles()).toEqual(['000000000001.json', '000000000002.json', '000000000003.json', '000000000004.json', '000000000005.json']);
    // A write cut short by the crash, before its rename.
    await fs.writeFile(path.join(dir, '.000000000006.json.tmp'), '{"sessionId":"agent","messa');
    expect(JSON.parse(await fs.readFile(path.join(dir, '000000000003.json'), 'utf8'))).toEqual(batch('C'));

    const sent: IngestBatch[] = [];
    const s = await spool(async (b) => void sent.push(b));
    expect(s.depth).toBe(5);
    await until(() => s.depth === 0);
    expect(ids(sent)).toEqual(['A', 'B', 'C', 'D', 'E']);
    await s.append(batch('F'));
    await until(() => s.depth === 0);
    expect(ids(sent)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(await fs.readdir(dir)).toEqual(['rejected']);
  });

  it('keeps a batch whose write completed but whose rename did not', async () => {
    await fs.mkdir(path.join(dir, 'rejected'), { recursive: true });
    await fs.writeFile(path.join(dir, '000000000001.json'), JSON.stringify(batch('A')));
    await fs.writeFile(path.join(dir, '.000000000002.json.tmp'), JSON.stringify(batch('B')));
    const sent: IngestBatch[] = [];
    const s = await spool(async (b) => void sent.push(b));
    await until(() => s.depth === 0);
    expect(ids(sent)).toEqual(['A', 'B']);
  });

  it('waits out an unreachable router with growing backoff: nothing lost, nothing doubled, order kept', async () => {
    // Nobody listens at first (connection refused), then the router answers 503, then a GraphQL
    // INTERNAL_SERVER_ERROR (the database is down), then accepts.
    const port = await freePort();
    const api = createApiClient({ url: `http://127.0.0.1:${port}/graphql`, serviceKey: 'k' });
    const attempts: number[] = [];
    const { lines, log } = recorder();
    const s = await spool(
      async (b, signal) => {
        attempts.push(Date.now());
        await api.ingest(b, signal);
      },
      { log },
    );
    for (const id of ['A', 'B', 'C']) await s.append(batch(id));
    await until(() => attempts.length >= 3);

    const stub = await startStubRouter({ port });
    stubs.push(stub);
    stub.behave((call, i) => (i < 3 ? { status: 503, body: 'unavailable' } : i === 3 ? graphQLError('INTERNAL_SERVER_ERROR', 'Unexpected error') : undefined));
    for (const id of ['D', 'E']) await s.append(batch(id));
    await until(() => s.depth === 0);
    for (const id of ['F', 'G']) await s.append(batch(id));
    await until(() => s.depth === 0);

    expect(callIds(stub.accepted)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    // Every failed call was for the head of the spool: nothing overtook it.
    expect(stub.calls.slice(0, 4).map((c) => c.variables.input.messages[0].waMessageId)).toEqual(['A', 'A', 'A', 'A']);
    // Each wait is drawn from the upper half of a ceiling that doubles per failure from 20 ms up
    // to the 160 ms cap, and the spool really waited that long before trying again.
    const waits = lines.filter((l) => l.msg.includes('kept in the spool')).map((l) => l.obj.retryInMs as number);
    expect(waits.length).toBeGreaterThanOrEqual(7);
    waits.forEach((wait, i) => {
      const ceiling = Math.min(FAST.capMs, FAST.baseMs * 2 ** i);
      expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
      expect(wait).toBeLessThanOrEqual(ceiling);
      expect(attempts[i + 1]! - attempts[i]!).toBeGreaterThanOrEqual(wait - 2);
    });
    expect(lines.filter((l) => l.msg.includes('kept in the spool')).every((l) => l.obj.kind === 'unavailable' && l.level === 'warn')).toBe(true);
    expect(await pendingFiles()).toEqual([]);
  });

  it('moves a BAD_USER_INPUT batch aside to rejected/, logs its field, and goes on', async () => {
    const stub = await startStubRouter();
    stubs.push(stub);
    stub.behave((call) =>
      call.variables.input.messages[0].waMessageId === 'BAD'
        ? graphQLError('BAD_USER_INPUT', 'input.messages.0.phone: is not a valid phone number', 'input.messages.0.phone')
        : undefined,
    );
    const api = createApiClient({ url: stub.url, serviceKey: 'k' });
    const { lines, log } = recorder();
    const rejected: IngestBatch[] = [];
    const s = await spool((b, signal) => api.ingest(b, signal).then(() => undefined), { log, onRejected: (b) => void rejected.push(b) });
    for (const id of ['A', 'BAD', 'C']) await s.append(batch(id));
    await until(() => s.depth === 0);

    expect(callIds(stub.accepted)).toEqual(['A', 'C']);
    // Tried once on its own, not forever.
    expect(stub.calls.filter((c) => callIds([c]).join() === 'BAD')).toHaveLength(1);
    expect(await fs.readdir(path.join(dir, 'rejected'))).toEqual(['000000000002.json']);
    expect(JSON.parse(await fs.readFile(path.join(dir, 'rejected', '000000000002.json'), 'utf8'))).toEqual(batch('BAD'));
    expect(ids(rejected)).toEqual(['BAD']);
    const line = lines.find((l) => l.msg.includes('rejected'))!;
    expect(line).toMatchObject({ level: 'error', obj: { field: 'input.messages.0.phone', file: path.join('rejected', '000000000002.json'), messages: 1 } });
    expect(JSON.stringify(lines)).not.toContain('5511987654321');

    // A restart numbers past the rejected batch, even with nothing pending, so it never takes its name.
    await s.close();
    const again = await spool(hang);
    await again.append(batch('D'));
    expect(await pendingFiles()).toEqual(['000000000003.json']);
  });

  it('moves an unreadable file aside instead of blocking the spool', async () => {
    await fs.mkdir(path.join(dir, 'rejected'), { recursive: true });
    await fs.writeFile(path.join(dir, '000000000001.json'), 'garbage');
    await fs.writeFile(path.join(dir, '000000000002.json'), JSON.stringify(batch('B')));
    const sent: IngestBatch[] = [];
    const s = await spool(async (b) => void sent.push(b));
    await until(() => s.depth === 0);
    expect(ids(sent)).toEqual(['B']);
    expect(await fs.readdir(path.join(dir, 'rejected'))).toEqual(['000000000001.json']);
  });

  it('on close stops sending and leaves what is not accepted on disk; flush reports whether it emptied', async () => {
    let calls = 0;
    const s = await spool(async () => {
      calls++;
      throw new Error('router down');
    });
    await s.append(batch('A'));
    await s.append(batch('B'));
    expect(await s.flush(100)).toBe(false);
    await s.close();
    const after = calls;
    await sleep(100);
    expect(calls).toBe(after);
    expect(await pendingFiles()).toEqual(['000000000001.json', '000000000002.json']);
    await expect(s.append(batch('C'))).rejects.toThrow(/closed/);
  });

  it('sends the batches that piled up during a call in one call, in order, up to what one call takes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sent: IngestBatch[] = [];
    const s = await spool(async (b) => {
      sent.push(b);
      if (sent.length === 1) await gate;
    });
    const many = (id: string, n: number, body = 'hi'): IngestBatch => ({
      sessionId: 'agent',
      messages: Array.from({ length: n }, (_, i) => ({ ...batch(id).messages[0]!, waMessageId: `${id}${i}`, body })),
    });
    await s.append(batch('A'));
    await until(() => sent.length === 1);
    await s.append(batch('B'));
    await s.append(batch('C'));
    await s.append(many('D', 300));
    await s.append(many('E', 300));
    // Two batches of long texts: each fits a call, together they are over its size.
    await s.append(many('F', 100, 'x'.repeat(4_000)));
    await s.append(many('G', 100, 'x'.repeat(4_000)));
    release();
    await until(() => s.depth === 0);

    // A alone (out first); B, C and D together (E would make 602 messages); E and F; G would take it over 768 KB.
    expect(sent.map((b) => b.messages.length)).toEqual([1, 302, 400, 100]);
    expect(ids(sent)).toEqual(ids([batch('A'), batch('B'), batch('C'), many('D', 300), many('E', 300), many('F', 100), many('G', 100)]));
    for (const b of sent) expect(Buffer.byteLength(JSON.stringify(b.messages))).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(await pendingFiles()).toEqual([]);
  });

  it('sends a joined call the router rejects again one batch at a time, and moves aside only the bad one', async () => {
    const stub = await startStubRouter();
    stubs.push(stub);
    stub.behave((call) =>
      callIds([call]).includes('BAD') ? graphQLError('BAD_USER_INPUT', 'input.messages.1.phone: is not a valid phone number', 'input.messages.1.phone') : undefined,
    );
    const api = createApiClient({ url: stub.url, serviceKey: 'k' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    const rejected: IngestBatch[] = [];
    const s = await spool(
      async (b, signal) => {
        if (!started) {
          started = true;
          await gate;
        }
        await api.ingest(b, signal);
      },
      { onRejected: (b) => void rejected.push(b) },
    );
    await s.append(batch('X'));
    await until(() => started);
    for (const id of ['A', 'BAD', 'C', 'D']) await s.append(batch(id));
    release();
    await until(() => s.depth === 0);

    expect(stub.calls.map((c) => callIds([c]))).toEqual([['X'], ['A', 'BAD', 'C', 'D'], ['A'], ['BAD'], ['C'], ['D']]);
    expect(callIds(stub.accepted)).toEqual(['X', 'A', 'C', 'D']);
    expect(ids(rejected)).toEqual(['BAD']);
    expect(await fs.readdir(path.join(dir, 'rejected'))).toEqual(['000000000003.json']);
    expect(await pendingFiles()).toEqual([]);
  });

  it('refuses an empty or oversized batch', async () => {
    const s = await spool(async () => undefined);
    await expect(s.append({ sessionId: 'agent', messages: [] })).rejects.toThrow();
    await expect(s.append({ sessionId: 'agent', messages: Array.from({ length: 501 }, () => batch('X').messages[0]!) })).rejects.toThrow();
    expect(await pendingFiles()).toEqual([]);
  });
});
