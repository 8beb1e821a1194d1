import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@leadwire/platform/logger';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConnectorConfig } from './config.ts';
import { startConnector, type RunningConnector } from './index.ts';
import { OUTBOUND_QUEUE, SEND_JOB } from './outbound/send-job.ts';
import { startStubRouter, type StubRouter } from './test/stub-router.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LEAD = '+5511987654321';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stub: StubRouter;
let redis: Redis;
let dir: string;
let prefix: string;
let queue: Queue;
const running: RunningConnector[] = [];

beforeAll(async () => {
  stub = await startStubRouter();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await stub.close();
  await redis.quit();
});
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'connector-'));
  prefix = `test-connector-${randomUUID()}`;
  queue = new Queue(OUTBOUND_QUEUE, { connection: redis, prefix });
  stub.calls.length = 0;
  stub.accepted.length = 0;
  stub.statuses.length = 0;
  stub.behave(() => undefined);
});
afterEach(async () => {
  for (const c of running.splice(0)) await c.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function start() {
  const config = readConnectorConfig({
    NODE_ENV: 'test',
    REDIS_URL,
    PORT: '0',
    SIMULATOR_PORT: '0',
    LEADWIRE_API_URL: stub.url,
    CONNECTOR_SPOOL_DIR: dir,
    MEDIA_DIR: path.join(dir, 'media'),
    SIMULATOR_RECEIPT_DELAYS_MS: '5,10,15',
    OUTBOUND_TYPING_MS: '0',
    OUTBOUND_SEND_INTERVAL_MS: '10',
  });
  const connector = await startConnector({
    config,
    log: createLogger('connector-test', 'silent'),
    queuePrefix: prefix,
    spoolBackoff: { baseMs: 20, capMs: 100 },
    flushTimeoutMs: 300,
  });
  running.push(connector);
  return connector;
}

async function until(check: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

const base = (c: RunningConnector) => `http://127.0.0.1:${c.service.port}`;
const metrics = async (c: RunningConnector) => (await fetch(`${base(c)}/metrics`)).text();
const say = (c: RunningConnector, text: string) =>
  fetch(`${c.simulatorServer!.url}/simulator/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: LEAD, name: 'Maria', text }),
  }).then((r) => r.json() as Promise<{ id: string }>);

describe('startConnector with the simulator', () => {
  it('is alive and ready once Redis answers and every session is open', async () => {
    const c = await start();
    expect((await fetch(`${base(c)}/healthz`)).status).toBe(200);
    await until(async () => (await fetch(`${base(c)}/readyz`)).status === 200);
    expect(c.service.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it("ingests a lead's message written to the simulator, with the service key", async () => {
    const c = await start();
    const { id } = await say(c, 'Oi, quero saber do financiamento');
    await until(() => stub.accepted.length === 1);
    const call = stub.accepted[0]!;
    expect(call.headers.authorization).toBe('Bearer lw_svc_demo_whatsapp_connector_0000000000');
    expect(call.variables.input).toMatchObject({
      sessionId: 'agent',
      messages: [{ waMessageId: id, phone: LEAD, pushName: 'Maria', fromMe: false, type: 'TEXT', body: 'Oi, quero saber do financiamento' }],
    });
    // Counted once the batch has left the spool, just after the router answered.
    await until(async () => /leadwire_connector_ingest_batches_total\{session="agent",outcome="accepted"\} 1/.test(await metrics(c)));
    expect(await metrics(c)).toMatch(/leadwire_connector_ingest_messages_total\{session="agent"\} 1/);
  });

  it("stores a lead's document, downloaded through Baileys from the simulator, and ingests it with the file's name", async () => {
    const c = await start();
    const pdf = Buffer.from(`%PDF-1.4\n${'contrato de financiamento '.repeat(200)}\n%%EOF\n`);
    const res = await fetch(`${c.simulatorServer!.url}/simulator/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: LEAD, name: 'Maria', text: 'segue o contrato', media: { base64: pdf.toString('base64'), mime: 'application/pdf', fileName: 'contrato.pdf' } }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await until(() => stub.accepted.length === 1);
    const [message] = stub.accepted[0]!.variables.input.messages;
    const name = `${createHash('sha256').update(pdf).digest('hex')}.pdf`;
    expect(message).toMatchObject({
      waMessageId: id, type: 'DOCUMENT', body: 'segue o contrato',
      mediaMime: 'application/pdf', mediaPath: name, mediaSize: pdf.length, mediaFileName: 'contrato.pdf',
    });
    expect(await fs.readFile(path.join(dir, 'media', name))).toEqual(pdf);
  });

  it('sends a queued message through its session and reports SENT, then the receipts', async () => {
    const c = await start();
    await until(async () => (await fetch(`${base(c)}/readyz`)).status === 200);
    await queue.add(
      SEND_JOB,
      { messageId: 'm-1', workspaceId: 'ws', sessionId: 'team', remoteJid: '5511987654321@s.whatsapp.net', waMessageId: '3EB0000000000000000001', type: 'TEXT', body: 'Olá Maria, sou a Ana', correlationId: 'corr-00000001' },
      { jobId: 'm-1', attempts: 5, backoff: { type: 'exponential', delay: 20 } },
    );
    await until(() => stub.statuses.filter((s) => s.variables.status === 'READ').length === 1);
    expect(c.simulator!.thread(LEAD)).toMatchObject([{ id: '3EB0000000000000000001', session: 'team', direction: 'OUT', text: 'Olá Maria, sou a Ana', status: 'READ' }]);
    expect(stub.statuses.map((s) => s.variables.status)).toEqual(expect.arrayContaining(['SENT', 'DELIVERED', 'READ']));
    expect(stub.statuses.every((s) => s.variables.waMessageId === '3EB0000000000000000001')).toBe(true);
    expect(await metrics(c)).toMatch(/leadwire_connector_sends_total\{session="team"\} 1/);
  });

  it('keeps what the router could not take on disk across a restart, and delivers it then', async () => {
    stub.behave((call) => (call.operation === 'ingestWhatsAppMessages' ? { status: 503 } : undefined));
    const first = await start();
    const { id } = await say(first, 'mensagem durante a queda');
    await until(async () => /leadwire_connector_spool_depth\{session="agent"\} 1/.test(await metrics(first)));
    await first.close();
    expect(await fs.readdir(path.join(dir, 'agent'))).toContain('000000000001.json');
    expect(stub.accepted).toEqual([]);

    stub.behave(() => undefined);
    const second = await start();
    await until(() => stub.accepted.length === 1);
    expect(stub.accepted[0]!.variables.input.messages[0].waMessageId).toBe(id);
    await until(async () => /leadwire_connector_spool_depth\{session="agent"\} 0/.test(await metrics(second)));
  });
});
