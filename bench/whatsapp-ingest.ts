// Inbound WhatsApp throughput, end to end: leads write to the simulator's
// numbers (Baileys' own proto and event emitter) → the connector as it runs in
// production (ordered dispatcher, handlers, on-disk spool, API client with its
// service key) → the router → the messaging subgraph (messages and their
// qualification jobs in one transaction) → the relay → the BullMQ queue.
//
// Open loop: messages are offered at BENCH_RATE per second whatever the
// platform manages, as leads would write, spread over BENCH_CHATS chats and
// BENCH_SESSIONS numbers of one workspace. Latency is per message, from the
// event handed to the connector to its job being added to the queue (BullMQ's
// own timestamp). Prints what was offered and what reached the queue per
// second, latency percentiles, CPU each process spent per 1,000 messages
// (comparable while the machine is busy with other work) and peak memory.
// Never fails on thresholds.
//
//   npm run bench:ingest          BENCH_SECONDS=30 BENCH_RATE=2000 BENCH_SESSIONS=2 npm run bench:ingest
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, databaseUrlFor, QUEUES } from '@leadwire/platform';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startConnector } from '../connector/src/index.ts';
import { createPrisma, SCHEMA as ASSIGNMENT_SCHEMA } from '../subgraphs/assignment/src/db.ts';
import { provisionWorkspace } from '../subgraphs/assignment/src/index.ts';
import { peakMb, startBenchPlatform } from './platform-processes.ts';
import { cpuMeter } from './process-usage.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 2);
const CHATS = Number(process.env.BENCH_CHATS ?? 200);
const BASE_PORT = Number(process.env.BENCH_PORT_BASE ?? 4200);
const DATABASE = process.env.BENCH_DATABASE ?? 'leadwire_bench_ingest';
// Its own Redis database: the bench empties its queues at the end.
const REDIS_DB = Number(process.env.BENCH_REDIS_DB ?? 4);
const TICK_MS = 5;

const platform = await startBenchPlatform({ basePort: BASE_PORT, database: DATABASE, redisDb: REDIS_DB });
const spoolRoot = await mkdtemp(path.join(tmpdir(), 'leadwire-bench-ingest-'));
const db = new pg.Client({ connectionString: platform.env.DATABASE_URL });
try {
  const serviceKey = `lw_svc_${randomBytes(32).toString('base64url')}`;
  const tag = randomBytes(3).toString('hex');
  const { prisma, pool } = createPrisma(databaseUrlFor(platform.env.DATABASE_URL, ASSIGNMENT_SCHEMA));
  const made = await provisionWorkspace(prisma, {
    name: `Ingest bench ${tag}`,
    admin: { name: 'Bench', email: `ingest-${tag}@leadwire.dev`, password: `bench-${tag}-password` },
    serviceKey: { name: 'bench connector', secret: serviceKey },
  });
  await prisma.$disconnect();
  await pool.end();
  await db.connect();
  // No worker runs here: jobs of earlier runs would be handed to Redis again by the relay's sweep, ahead of this run's.
  const finish = (where: string, params: unknown[] = []) =>
    db.query(`UPDATE messaging."QueuedJob" SET "doneAt" = now() AT TIME ZONE 'UTC' WHERE "doneAt" IS NULL ${where}`, params);
  await finish('');
  const workspaceId = made.workspace.id;
  const queue = new Queue(QUEUES.qualification, { connection: new Redis(platform.env.REDIS_URL, { maxRetriesPerRequest: null }) });
  await queue.obliterate({ force: true });

  const sessions = Array.from({ length: SESSIONS }, (_, i) => ({ id: `bench${i + 1}`, kind: i ? ('TEAM' as const) : ('AGENT' as const) }));
  const connector = await startConnector({
    config: {
      env: 'production',
      logLevel: 'warn',
      redisUrl: platform.env.REDIS_URL,
      defaultRegion: 'BR',
      port: BASE_PORT + 10,
      host: '127.0.0.1',
      apiUrl: platform.routerUrl,
      serviceKey,
      sessions,
      spoolRoot,
      mediaDir: path.join(spoolRoot, 'media'),
      simulator: { enabled: true, port: BASE_PORT + 11, receiptDelaysMs: [300, 1200, 3000] },
      outbound: { intervalMs: 1_500, burst: 3, typingMs: 0, concurrency: 1, lockMs: 30_000 },
    },
    log: createLogger('connector', process.env.LOG_LEVEL ?? 'warn'),
  });
  const simulator = connector.simulator!;
  while (!sessions.every((s) => simulator.socket(s.id)?.isOpen)) await new Promise((r) => setTimeout(r, 50));

  // When each message was handed to the connector, by its WhatsApp id.
  const offeredAt = new Map<string, number>();
  let next = 0;
  const offer = () => {
    const chat = next++ % CHATS;
    const { id } = simulator.receive({
      from: `+55119${String(80_000_000 + chat).padStart(8, '0')}`,
      name: `Lead ${chat}`,
      text: `Mensagem ${next}: quero saber sobre o financiamento`,
      // A chat always writes to the same number: its messages stay in order.
      session: sessions[chat % SESSIONS]!.id,
    });
    offeredAt.set(id, performance.timeOrigin + performance.now());
  };
  const count = async (sql: string) => Number((await db.query(sql, [workspaceId])).rows[0].count);
  const recorded = () => count(`SELECT count(*) FROM messaging."QueuedJob" WHERE "workspaceId" = $1`);
  const unrelayed = () => count(`SELECT count(*) FROM messaging."QueuedJob" WHERE "workspaceId" = $1 AND "queuedAt" IS NULL`);
  const settle = async (expected: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && ((await recorded()) < expected || (await unrelayed()) > 0)) await new Promise((r) => setTimeout(r, 50));
  };

  // Warm-up: every chat's lead and thread exist, JIT and pools are warm.
  process.stdout.write(`warming up: ${CHATS} chats on ${SESSIONS} numbers\n`);
  for (let i = 0; i < CHATS * 3; i++) offer();
  await settle(CHATS * 3, 60_000);
  offeredAt.clear();
  await finish(`AND "workspaceId" = $1`, [workspaceId]);
  await queue.obliterate({ force: true });
  const warm = await recorded();

  const cpu = cpuMeter(async () => ({
    ...Object.fromEntries(Object.entries(platform.services).map(([name, child]) => [name, [child.pid!]])),
    'connector + load': [process.pid],
    postgres: (await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [DATABASE])).rows.map((r) => r.pid),
  }));
  process.stdout.write(`measuring ${SECONDS} s: ${RATE} messages/s offered\n`);
  await cpu.start();
  const started = performance.timeOrigin + performance.now();
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - t0;
      // Catches up after a late tick: the rate is what was offered, not what the timer managed.
      const due = Math.min(SECONDS * 1000, elapsed) * (RATE / 1000);
      while (offeredAt.size < due) offer();
      if (elapsed >= SECONDS * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const ended = performance.timeOrigin + performance.now();
  const used = await cpu.stop();
  const offered = offeredAt.size;

  // Whatever was still on its way when the offer stopped: spools, transactions, the relay.
  const tailStart = Date.now();
  await settle(warm + offered, 120_000);
  const tail = (Date.now() - tailStart) / 1000;

  const ids = await db.query<{ id: string; waMessageId: string; createdAt: Date }>(
    `SELECT "id", "waMessageId", "createdAt" AT TIME ZONE 'UTC' AS "createdAt" FROM messaging."Message" WHERE "workspaceId" = $1`,
    [workspaceId],
  );
  const messageOf = new Map(ids.rows.map((r) => [r.id, r]));
  const queued: number[] = [];
  const stored: number[] = [];
  let inWindow = 0;
  for (const job of await queue.getJobs(['waiting', 'prioritized', 'delayed'], 0, -1)) {
    const message = messageOf.get(job.id!);
    const at = offeredAt.get(message?.waMessageId ?? '');
    if (at === undefined) continue;
    queued.push(job.timestamp - at);
    stored.push(message!.createdAt.getTime() - at);
    if (job.timestamp <= ended) inWindow++;
  }
  const jobs = (await recorded()) - warm;
  await finish(`AND "workspaceId" = $1`, [workspaceId]);
  await queue.obliterate({ force: true });
  await queue.close();
  await connector.close();

  const seconds = (ended - started) / 1000;
  const row = (values: number[]) => {
    values.sort((a, b) => a - b);
    const pct = (p: number) => values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]?.toFixed(0) ?? '-';
    return { messages: values.length, 'p50 ms': pct(50), 'p90 ms': pct(90), 'p99 ms': pct(99), 'max ms': pct(100) };
  };
  process.stdout.write(
    `\noffered ${offered} messages (${Math.round(offered / seconds)}/s); jobs recorded ${jobs}, in the queue ${queued.length}; ` +
      `queued while offering ${Math.round(inWindow / seconds)}/s; the last was queued ${tail.toFixed(2)} s after the offer stopped\n`,
  );
  console.table({ 'event → job in the queue': row(queued), 'event → stored (its transaction began)': row(stored) });
  process.stdout.write(
    `CPU ms per 1,000 messages: ${Object.entries(used)
      .map(([name, s]) => `${name} ${((s * 1e6) / offered).toFixed(0)}`)
      .join(', ')} (total ${((Object.values(used).reduce((a, b) => a + b, 0) * 1e6) / offered).toFixed(0)})\n`,
  );
  const peaks = Object.entries(platform.services).map(([name, child]) => `${name} ${peakMb(child).toFixed(0)} MB`);
  process.stdout.write(`peak RSS: ${peaks.join(', ')}; connector + load ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
} finally {
  await db.end().catch(() => undefined);
  await platform.stop();
  await rm(spoolRoot, { recursive: true, force: true });
}
process.exit(0);
