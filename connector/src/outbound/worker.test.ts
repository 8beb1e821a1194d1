import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../api-client.ts';
import { createSimulatedSocket, jidOf, type SimulatedSocket } from '../simulator/simulated-socket.ts';
import { createThreadStore, type ThreadStore } from '../simulator/threads.ts';
import { startStubRouter, type StubRouter } from '../test/stub-router.ts';
import { createPacer } from './pacer.ts';
import { OUTBOUND_QUEUE, SEND_JOB, type SendJob } from './send-job.ts';
import { openSentRecord, type SentRecord } from './sent-record.ts';
import { startOutboundWorker, type OutboundSession } from './worker.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LEAD = '+5511987654321';
const silent = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Activity {
  session: string;
  what: 'composing' | 'paused' | 'send';
  id?: string;
  at: number;
}

let redis: Redis;
let stub: StubRouter;
let dir: string;
let prefix: string;
let queue: Queue;
let threads: ThreadStore;
let activity: Activity[];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  stub = await startStubRouter();
});
afterAll(async () => {
  await stub.close();
  await redis.quit();
});

beforeEach(async () => {
  // Each test has its own keys in the shared test Redis.
  prefix = `test-outbound-${randomUUID()}`;
  queue = new Queue(OUTBOUND_QUEUE, { connection: redis, prefix });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'outbound-'));
  threads = createThreadStore();
  activity = [];
  stub.calls.length = 0;
  stub.statuses.length = 0;
  stub.behave(() => undefined);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await queue.obliterate({ force: true });
  await queue.close();
  await fs.rm(dir, { recursive: true, force: true });
});

/** An open simulated socket whose presence updates and sends are timed. */
async function socket(session: string): Promise<SimulatedSocket> {
  const sock = createSimulatedSocket({ sessionId: session, ownPhone: '+5511900000001', threads, receiptDelaysMs: [5, 10, 15] });
  cleanups.push(() => sock.end(undefined));
  const presence = sock.sendPresenceUpdate;
  const send = sock.sendMessage;
  sock.sendPresenceUpdate = async (type, jid) => {
    activity.push({ session, what: type as Activity['what'], at: Date.now() });
    return presence(type, jid);
  };
  sock.sendMessage = async (jid, content, options) => {
    activity.push({ session, what: 'send', id: options?.messageId, at: Date.now() });
    return send(jid, content, options);
  };
  await sleep(5);
  return sock;
}

async function session(id: string, sock: SimulatedSocket, sent?: SentRecord): Promise<[string, OutboundSession]> {
  const record = sent ?? (await openSentRecord({ file: path.join(dir, id, 'sent.log') }));
  if (!sent) cleanups.push(() => record.close());
  return [id, { openSocket: async () => sock, sent: record }];
}

function worker(sessions: [string, OutboundSession][], pace = { intervalMs: 10, burst: 10 }, concurrency = 5) {
  const w = startOutboundWorker({
    connection: redis,
    prefix,
    sessions: new Map(sessions),
    pacer: createPacer(pace),
    api: createApiClient({ url: stub.url, serviceKey: 'k' }),
    typingMs: 20,
    concurrency,
    log: silent,
  });
  cleanups.push(() => w.close());
  return w;
}

const job = (n: number, over: Partial<SendJob> = {}): SendJob => ({
  messageId: `msg-${n}`,
  workspaceId: 'ws-1',
  sessionId: 'team',
  remoteJid: jidOf(LEAD),
  waMessageId: `3EB0${String(n).padStart(18, '0')}`,
  type: 'TEXT',
  body: `Mensagem ${n}`,
  correlationId: `corr-${n}-00000000`,
  ...over,
});

const add = (data: SendJob, attempts = 5) =>
  queue.add(SEND_JOB, data, { jobId: data.messageId, attempts, backoff: { type: 'exponential', delay: 20 } });

async function settled(jobId: string, ms = 15_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const state = await queue.getJobState(jobId);
    if (state === 'completed' || state === 'failed') return state;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${state}`);
    await sleep(20);
  }
}

const sentStatuses = () => stub.statuses.map((c) => [c.variables.waMessageId, c.variables.status, c.variables.error]);

describe('outbound worker', () => {
  it('types, sends under the given WhatsApp id, and reports SENT with the correlation id', async () => {
    worker([await session('team', await socket('team'))]);
    await add(job(1));
    expect(await settled('msg-1')).toBe('completed');
    expect(activity.map((a) => a.what)).toEqual(['composing', 'paused', 'send']);
    expect(activity[1]!.at - activity[0]!.at).toBeGreaterThanOrEqual(18);
    expect(threads.thread(LEAD)).toMatchObject([{ id: job(1).waMessageId, direction: 'OUT', text: 'Mensagem 1', session: 'team' }]);
    expect(sentStatuses()).toEqual([[job(1).waMessageId, 'SENT', null]]);
    expect(stub.statuses[0]!.headers['x-request-id']).toBe('corr-1-00000000');
  });

  it('sends a message once when its job is retried after the send went through', async () => {
    // The router is down the first time SENT is reported: the attempt fails after sending.
    let first = true;
    stub.behave((call) => (call.operation === 'updateMessageStatus' && first ? ((first = false), { status: 503 }) : undefined));
    worker([await session('team', await socket('team'))]);
    await add(job(2));
    expect(await settled('msg-2')).toBe('completed');
    expect((await queue.getJob('msg-2'))!.attemptsMade).toBeGreaterThanOrEqual(1);
    expect(activity.filter((a) => a.what === 'send')).toHaveLength(1);
    expect(threads.thread(LEAD)).toHaveLength(1);
    expect(sentStatuses()).toEqual([[job(2).waMessageId, 'SENT', null]]);
  });

  it('re-sends under the same id when the record of the send was lost, and WhatsApp keeps one message', async () => {
    const record = await openSentRecord({ file: path.join(dir, 'team', 'sent.log') });
    cleanups.push(() => record.close());
    // A crash between the send and its record: the first write is lost.
    const add1 = record.add;
    let lose = true;
    record.add = async (id) => {
      if (lose) {
        lose = false;
        throw new Error('disk gone');
      }
      return add1(id);
    };
    worker([await session('team', await socket('team'), record)]);
    await add(job(3));
    expect(await settled('msg-3')).toBe('completed');
    const sends = activity.filter((a) => a.what === 'send');
    expect(sends.map((s) => s.id)).toEqual([job(3).waMessageId, job(3).waMessageId]);
    expect(threads.thread(LEAD)).toHaveLength(1);
  });

  it('acknowledges a job handed over again after it completed, without sending', async () => {
    worker([await session('team', await socket('team'))]);
    await add(job(4));
    expect(await settled('msg-4')).toBe('completed');
    // The relay's sweep hands the message over again once the completed job is gone.
    await (await queue.getJob('msg-4'))!.remove();
    await add(job(4));
    expect(await settled('msg-4')).toBe('completed');
    expect(activity.filter((a) => a.what === 'send')).toHaveLength(1);
    expect(sentStatuses()).toEqual([
      [job(4).waMessageId, 'SENT', null],
      [job(4).waMessageId, 'SENT', null],
    ]);
  });

  it('paces sends per session, not per queue', async () => {
    const team = await socket('team');
    const agent = await socket('agent');
    worker([await session('team', team), await session('agent', agent)], { intervalMs: 300, burst: 1 }, 10);
    for (const n of [11, 12, 13, 14]) await add(job(n));
    await add(job(15, { sessionId: 'agent', messageId: 'msg-15' }));
    for (const id of ['msg-11', 'msg-12', 'msg-13', 'msg-14', 'msg-15']) expect(await settled(id)).toBe('completed');

    const teamSends = activity.filter((a) => a.session === 'team' && a.what === 'send').map((a) => a.at);
    const agentSends = activity.filter((a) => a.session === 'agent' && a.what === 'send').map((a) => a.at);
    expect(teamSends).toHaveLength(4);
    for (let i = 1; i < teamSends.length; i++) expect(teamSends[i]! - teamSends[i - 1]!).toBeGreaterThanOrEqual(290);
    // The other number did not wait behind the first one's pace.
    expect(agentSends).toHaveLength(1);
    expect(agentSends[0]!).toBeLessThan(teamSends[1]!);
    // And the lead sees them in the order they were queued.
    expect(threads.thread(LEAD).filter((m) => m.session === 'team').map((m) => m.text)).toEqual(['Mensagem 11', 'Mensagem 12', 'Mensagem 13', 'Mensagem 14']);
  });

  it('reports FAILED with the reason once, after the last attempt', async () => {
    const sock = await socket('team');
    let tries = 0;
    sock.sendMessage = async () => {
      tries++;
      throw new Error('not on WhatsApp');
    };
    worker([await session('team', sock)]);
    await add(job(5), 3);
    expect(await settled('msg-5')).toBe('failed');
    expect(tries).toBe(3);
    expect(sentStatuses()).toEqual([[job(5).waMessageId, 'FAILED', 'not on WhatsApp']]);
  });

  it('fails a job for a session this connector does not run, or with bad data, at once', async () => {
    worker([await session('team', await socket('team'))]);
    await add(job(6, { sessionId: 'elsewhere' }));
    await queue.add(SEND_JOB, { ...job(7), body: '' }, { jobId: 'msg-7', attempts: 5 });
    expect(await settled('msg-6')).toBe('failed');
    expect(await settled('msg-7')).toBe('failed');
    expect((await queue.getJob('msg-6'))!.attemptsMade).toBe(1);
    expect(sentStatuses()).toEqual(
      expect.arrayContaining([
        [job(6).waMessageId, 'FAILED', 'session "elsewhere" is not run by this connector'],
        [job(7).waMessageId, 'FAILED', expect.stringMatching(/^invalid send job: body/)],
      ]),
    );
    expect(activity.filter((a) => a.what === 'send')).toEqual([]);
  });

  it('on shutdown puts a job still waiting for its pace back in the queue, its attempts untouched', async () => {
    const team = await socket('team');
    const first = worker([await session('team', team)], { intervalMs: 60_000, burst: 1 });
    await add(job(8));
    await add(job(9));
    expect(await settled('msg-8')).toBe('completed');
    await sleep(100);
    await first.close();
    expect(await queue.getJobState('msg-9')).toBe('delayed');
    expect((await queue.getJob('msg-9'))!.attemptsMade).toBe(0);

    worker([await session('team', team)]);
    expect(await settled('msg-9')).toBe('completed');
    expect(activity.filter((a) => a.what === 'send').map((a) => a.id)).toEqual([job(8).waMessageId, job(9).waMessageId]);
  });
});
