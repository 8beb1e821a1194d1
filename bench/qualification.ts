// The qualification agent's latency, end to end: many simulated leads write
// at a fixed total rate, each message handed to the connector's own ingest
// path (Baileys `messages.upsert` → the connector's handlers and ingest input
// → its API client → the router → messaging → the relay → BullMQ), and timed
// until the agent's reply is a QUEUED outbound message (the reply row's own
// timestamp: see qualification-replies.ts). The workers run as deployed
// (workers/src/main.ts), one process per phase:
//   rules   rules provider, AGENT_BURST_MS=0, at BENCH_RATE (goal: p99 ≤ 300 ms)
//   openai  openai provider against an OpenAI-compatible server answering in
//           800 ms, OPENAI_DEADLINE_MS=1500, AGENT_BURST_MS=0 (goal: p95 ≤ 2 s)
//   window  rules with the default 1.5 s burst window, at a low rate, for context
// The burst window deliberately waits for the rest of a lead's burst, so the
// measured phases set it to 0. A lead writes its next message 1–3 s after the
// agent's answer, so its messages never merge. Never fails on thresholds.
// Redis database 14 (BENCH_REDIS_URL): the bench waits until nothing else
// uses it, then flushes it; jobs earlier runs left in the bench's database are
// dropped, so each phase measures its own messages only.
//
//   npm run bench:agent     BENCH_PHASES=rules BENCH_RATE=200 BENCH_SECONDS=20 npm run bench:agent
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { databaseUrlFor, WORKERS } from '@leadwire/platform';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createApiClient } from '../connector/src/api-client.ts';
import { chunkForIngest, toIngestInputs } from '../connector/src/inbound/ingest-input.ts';
import { createMessageHandlers } from '../connector/src/index.ts';
import { createPrisma, SCHEMA as ASSIGNMENT_SCHEMA } from '../subgraphs/assignment/src/db.ts';
import { provisionWorkspace } from '../subgraphs/assignment/src/index.ts';
import { startOpenAiCompatibleServer } from '../workers/src/testing/openai-compatible-server.ts';
import { peakMb, startBenchPlatform } from './platform-processes.ts';
import { inboundMessage, leadScript } from './qualification-leads.ts';
import { rulesLikeReply } from './qualification-model.ts';
import { watchReplies } from './qualification-replies.ts';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const PHASES = (process.env.BENCH_PHASES ?? 'rules,openai,window').split(',');
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14';
const MODEL_MS = 800;
const BASE_PORT = Number(process.env.BENCH_PORT_BASE ?? 4400);

interface Phase {
  name: string;
  rate: number;
  seconds: number;
  warmup: number;
  /** The workers' settings, as an operator would set them. */
  env: Record<string, string>;
}

const noOpenAi = { OPENAI_BASE_URL: '', OPENAI_API_KEY: '', OPENAI_DEADLINE_MS: '' };
const PHASE: Record<string, (modelUrl: string) => Phase> = {
  rules: () => ({ name: 'rules', rate: RATE, seconds: SECONDS, warmup: WARMUP, env: { ...noOpenAi, AGENT_BURST_MS: '0', QUALIFICATION_CONCURRENCY: process.env.QUALIFICATION_CONCURRENCY ?? '16' } }),
  openai: (url) => ({
    name: `openai ${MODEL_MS} ms`,
    rate: RATE,
    seconds: SECONDS,
    warmup: WARMUP,
    // Every job holds a worker slot for the model's 800 ms: 16 slots would cap the worker near 18 messages/s.
    env: { ...noOpenAi, OPENAI_BASE_URL: url, OPENAI_DEADLINE_MS: '1500', AGENT_BURST_MS: '0', QUALIFICATION_CONCURRENCY: process.env.BENCH_OPENAI_CONCURRENCY ?? '256' },
  }),
  // 16 slots each held 1.5 s by the window: about 10 messages/s at most.
  window: () => ({ name: 'rules, 1.5 s window', rate: Number(process.env.BENCH_WINDOW_RATE ?? 2), seconds: 10, warmup: 2, env: { ...noOpenAi, AGENT_BURST_MS: '1500', QUALIFICATION_CONCURRENCY: '16' } }),
};

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const thinkMs = () => 1_000 + Math.random() * 2_000;

// A platform left running on these ports (an interrupted run) would answer for the new one.
if (await fetch(`http://127.0.0.1:${BASE_PORT}/healthz`).then(() => true, () => false)) {
  throw new Error(`port ${BASE_PORT} is taken: stop what runs there or set BENCH_PORT_BASE`);
}
// The Redis database is flushed: wait while anything else uses it (another bench, a test).
const redis = new Redis(REDIS_URL);
for (let waited = 0; ; waited += 5) {
  const db = Number(new URL(REDIS_URL).pathname.slice(1) || 0);
  const others = String(await redis.client('LIST')).split('\n').filter((c) => c.includes(` db=${db} `) && !c.includes(' cmd=client|list')).length;
  if (!others) break;
  if (waited >= 900) throw new Error(`${REDIS_URL} stays in use by ${others} other clients`);
  if (waited % 60 === 0) process.stdout.write(`waiting: ${others} other clients use ${REDIS_URL}\n`);
  await sleep(5_000);
}
await redis.flushdb();
const model = await startOpenAiCompatibleServer({ latencyMs: MODEL_MS, behaviour: { kind: 'answer', reply: rulesLikeReply } });
const platform = await startBenchPlatform({ basePort: BASE_PORT, database: 'leadwire_bench_agent', extraEnv: { REDIS_URL } });
// Jobs of earlier runs and phases live on in this database (an interrupted
// run, messages an overloaded platform took in after the bench gave up): the
// relay would hand them to the next workers. They are marked done, and what
// the relay queued of them is dropped.
async function dropLeftoverJobs() {
  const db = new pg.Client({ connectionString: platform.env.DATABASE_URL });
  await db.connect();
  // Outbound jobs (the replies) stay open here for good: no connector sends them in this bench.
  const { rows } = await db.query<{ queue: string }>(`UPDATE messaging."QueuedJob" SET "doneAt" = (now() AT TIME ZONE 'UTC') WHERE "doneAt" IS NULL RETURNING "queue"`);
  await db.end();
  await redis.flushdb();
  return rows.filter((r) => r.queue === 'qualification').length;
}
const rows: Record<string, unknown>[] = [];
try {
  const leftover = await dropLeftoverJobs();
  if (leftover) process.stdout.write(`dropped ${leftover} qualification jobs left by earlier runs\n`);
  const serviceKey = `lw_svc_${randomBytes(32).toString('base64url')}`;
  const tag = randomBytes(3).toString('hex');
  const { prisma, pool } = createPrisma(databaseUrlFor(platform.env.DATABASE_URL, ASSIGNMENT_SCHEMA));
  const made = await provisionWorkspace(prisma, {
    name: `Agent bench ${tag}`,
    admin: { name: 'Bench', email: `agent-${tag}@leadwire.dev`, password: `bench-${tag}-password` },
    users: Array.from({ length: 3 }, (_, i) => ({ name: `Consultant ${i}`, email: `c${i}-${tag}@leadwire.dev`, password: `bench-${tag}-password`, role: 'CONSULTANT' as const })),
    serviceKey: { name: 'bench connector', secret: serviceKey },
  });
  // Qualified leads are handed to a consultant, as in production; none may run out of room.
  await prisma.user.updateMany({ where: { workspaceId: made.workspace.id, role: 'CONSULTANT' }, data: { capacity: 1_000_000 } });
  await prisma.$disconnect();
  await pool.end();

  // The connector's path from a Baileys event to the router, minus its disk spool (see the report line).
  const api = createApiClient({ url: platform.routerUrl, serviceKey });
  const handlers = createMessageHandlers({
    sessionId: 'agent',
    defaultRegion: 'BR',
    ingest: async (items) => {
      for (const messages of chunkForIngest(toIngestInputs(items).inputs)) await api.ingest({ sessionId: 'agent', messages });
    },
    updateStatus: async () => undefined,
  });
  // A cold platform (JIT, connection pools, the gateway's plans) would make the first phase's figures its own.
  process.stdout.write('warming up: 30 messages of new leads, one at a time\n');
  for (let n = 0; n < 30; n++) await handlers['messages.upsert']({ type: 'notify', messages: [inboundMessage(n, leadScript(n)[0]!)] });
  await dropLeftoverJobs();
  const replies = await watchReplies(platform.env.DATABASE_URL, made.workspace.id);

  for (const [index, key] of PHASES.entries()) {
    const phase = PHASE[key]?.(model.url);
    if (!phase) throw new Error(`BENCH_PHASES: no phase "${key}" (rules, openai, window)`);
    // The workers process reads these at start, as workers/src/main.ts does in production.
    Object.assign(process.env, phase.env);
    const workers = await platform.startProcess('workers', WORKERS.main, BASE_PORT + 5);
    const modelCallsBefore = model.completions().length;
    process.stdout.write(`\n${phase.name}: ${phase.rate} messages/s for ${phase.warmup} s warm-up + ${phase.seconds} s measured (AGENT_BURST_MS=${phase.env.AGENT_BURST_MS}, QUALIFICATION_CONCURRENCY=${phase.env.QUALIFICATION_CONCURRENCY})\n`);

    const latencies: number[] = [];
    const ingestMs: number[] = [];
    const pollLag: number[] = [];
    let measured = 0;
    let failed = 0;
    let firstFailure = '';
    let freshLeads = 0;
    const ready: Array<{ n: number; step: number; at: number }> = [];
    let nextLead = (index + 1) * 1_000_000;

    const send = (now: number, counted: boolean) => {
      const i = ready.findIndex((r) => r.at <= now);
      const lead = i >= 0 ? ready.splice(i, 1)[0]! : (freshLeads++, { n: nextLead++, step: 0, at: now });
      const script = leadScript(lead.n);
      const message = inboundMessage(lead.n, script[lead.step]!);
      if (counted) measured++;
      const t0 = Date.now();
      replies.expect(message.key.id!, (reply) => {
        if (counted) {
          latencies.push(reply.queuedAt - t0);
          pollLag.push(reply.seenAt - reply.queuedAt);
        }
        if (lead.step + 1 < script.length) ready.push({ n: lead.n, step: lead.step + 1, at: performance.now() + thinkMs() });
      });
      handlers['messages.upsert']({ type: 'notify', messages: [message] }).then(
        () => counted && ingestMs.push(Date.now() - t0),
        (err: Error) => {
          failed++;
          firstFailure ||= err.message;
        },
      );
    };

    // Open loop: messages go out on the clock, whoever is ready to write (a new lead when nobody is).
    // The warm-up ramps the rate up from zero, so the first seconds are not all new leads at full rate.
    const started = performance.now();
    const warmEnd = started + phase.warmup * 1000;
    const end = warmEnd + phase.seconds * 1000;
    const dueBy = (s: number) => phase.rate * (s < phase.warmup ? (s * s) / (2 * phase.warmup) : phase.warmup / 2 + (s - phase.warmup));
    let sent = 0;
    for (let now = started; now < end; now = performance.now()) {
      const due = Math.floor(dueBy((now - started) / 1000));
      while (sent < due) {
        send(now, now >= warmEnd);
        sent++;
      }
      await sleep(2);
    }
    const elapsed = (performance.now() - warmEnd) / 1000;
    const drainStart = performance.now();
    while (replies.pending > 0 && performance.now() - drainStart < 30_000) await sleep(50);
    // Whatever is still unanswered stays unanswered: the next phase has leads of its own.
    const missing = replies.forget();
    const calls = model.completions().slice(modelCallsBefore);
    await Promise.all(calls.map((c) => c.ended));
    const workersMb = peakMb(workers);
    workers.kill('SIGTERM');
    await once(workers, 'exit');
    const dropped = await dropLeftoverJobs();

    latencies.sort((a, b) => a - b);
    ingestMs.sort((a, b) => a - b);
    pollLag.sort((a, b) => a - b);
    const row = {
      phase: phase.name,
      'sent/s': Math.round(measured / elapsed),
      'expected': measured,
      'replied': latencies.length,
      'p50 ms': pct(latencies, 50),
      'p95 ms': pct(latencies, 95),
      'p99 ms': pct(latencies, 99),
      'max ms': latencies.at(-1),
      'ingest p50 ms': pct(ingestMs, 50),
      'workers RSS MB': Math.round(workersMb),
    };
    rows.push(row);
    console.table([row]);
    process.stdout.write(
      `  leads started: ${freshLeads}; ingest failures: ${failed}${failed ? ` (${firstFailure})` : ''}; unanswered after 30 s: ${missing} (qualification jobs still open, dropped: ${dropped}); poll lag p50 ${pct(pollLag, 50)} ms (paces the leads, not in the figures)${replies.failures ? `; ${replies.failures} polls failed` : ''}\n`,
    );
    if (calls.length) {
      const ends = calls.reduce<Record<string, number>>((acc, c) => ((acc[c.end ?? 'open'] = (acc[c.end ?? 'open'] ?? 0) + 1), acc), {});
      process.stdout.write(`  model calls: ${calls.length} (${Object.entries(ends).map(([k, v]) => `${k} ${v}`).join(', ')}); aborted ones were past the deadline and answered by rules\n`);
    }
  }
  await replies.stop();

  process.stdout.write('\nsummary (time from the message handed to the connector\'s ingest path to the AI reply QUEUED)\n');
  console.table(rows);
  const peaks = Object.entries(platform.services).filter(([name]) => name !== 'workers').map(([name, child]) => `${name} ${peakMb(child).toFixed(0)} MB`);
  process.stdout.write(`peak RSS: ${peaks.join(', ')}; bench client (leads, model server) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
  process.stdout.write('ingest goes through the connector\'s handlers and API client, not its disk spool (one batch in flight per session); bench:ingest covers the spool side\n');
} finally {
  redis.disconnect();
  await platform.stop();
  await model.close();
}
process.exit(0);
