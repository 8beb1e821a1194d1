// Inbound WhatsApp throughput, end to end: Baileys `messages.upsert` events
// built with Baileys' own proto → the connector's handlers → the router with
// the connector's service key → the messaging subgraph (messages and their
// qualification jobs in one transaction) → the relay → the BullMQ queue.
// Prints messages/s, p50/p99 ingest latency (event handed to the connector →
// stored), how long the relay took to queue everything, and peak memory.
// Never fails on thresholds.
//
//   npm run bench:ingest          BENCH_SECONDS=30 BENCH_BATCH=25 BENCH_CONCURRENCY=8 npm run bench:ingest
import { randomBytes } from 'node:crypto';
import { databaseUrlFor, QUEUES } from '@leadwire/platform';
import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createMessageHandlers, type InboundMessage } from '../connector/src/index.ts';
import { createPrisma, SCHEMA as ASSIGNMENT_SCHEMA } from '../subgraphs/assignment/src/db.ts';
import { provisionWorkspace } from '../subgraphs/assignment/src/index.ts';
import { peakMb, startBenchPlatform } from './platform-processes.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BATCH = Number(process.env.BENCH_BATCH ?? 25);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CHATS = 200;
const INGEST = /* GraphQL */ `mutation Ingest($input: IngestWhatsAppInput!) { ingestWhatsAppMessages(input: $input) { accepted duplicates } }`;

const platform = await startBenchPlatform({ basePort: Number(process.env.BENCH_PORT_BASE ?? 4200), database: 'leadwire_bench_ingest' });
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

  const latencies: number[] = [];
  let failed = 0;
  const ingest = async (messages: InboundMessage[]) => {
    const res = await fetch(platform.routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${serviceKey}` },
      body: JSON.stringify({
        query: INGEST,
        variables: {
          input: {
            sessionId: 'agent',
            messages: messages.map((m) => ({ ...m, sessionId: undefined, sentAt: m.sentAt.toISOString() })),
          },
        },
      }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };
  const handlers = createMessageHandlers({ sessionId: 'agent', defaultRegion: 'BR', ingest, updateStatus: async () => undefined });
  const phone = (i: number) => `55119${String(80_000_000 + (i % CHATS)).padStart(8, '0')}`;
  let next = 0;
  const upsert = () =>
    Array.from({ length: BATCH }, () => {
      const i = next++;
      return proto.WebMessageInfo.fromObject({
        key: { remoteJid: `${phone(i)}@s.whatsapp.net`, fromMe: false, id: `3EB0${randomBytes(9).toString('hex').toUpperCase()}` },
        message: { conversation: `Mensagem ${i}: quero saber sobre o financiamento` },
        messageTimestamp: Math.floor(Date.now() / 1000),
        pushName: `Lead ${i % CHATS}`,
      }) as WAMessage;
    });

  // Warm-up: every chat's lead and thread exist, JIT and pools are warm.
  process.stdout.write(`warming up: ${CHATS} chats\n`);
  for (let i = 0; i < CHATS / BATCH; i++) await handlers['messages.upsert']({ type: 'notify', messages: upsert() });

  process.stdout.write(`measuring ${SECONDS} s: batches of ${BATCH}, ${CONCURRENCY} at once\n`);
  const deadline = Date.now() + SECONDS * 1000;
  let sent = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const batch = upsert();
        const t0 = performance.now();
        try {
          await handlers['messages.upsert']({ type: 'notify', messages: batch });
          latencies.push(performance.now() - t0);
          sent += batch.length;
        } catch {
          failed += batch.length;
        }
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;

  // How long until the relay has handed every recorded job to BullMQ.
  const db = new pg.Client({ connectionString: platform.env.DATABASE_URL });
  await db.connect();
  const relayStart = Date.now();
  let unrelayed = Infinity;
  while (unrelayed > 0 && Date.now() - relayStart < 60_000) {
    unrelayed = Number((await db.query(`SELECT count(*) FROM messaging."QueuedJob" WHERE "workspaceId" = $1 AND "queuedAt" IS NULL`, [made.workspace.id])).rows[0].count);
    if (unrelayed) await new Promise((r) => setTimeout(r, 100));
  }
  const relayTail = (Date.now() - relayStart) / 1000;
  const jobs = Number((await db.query(`SELECT count(*) FROM messaging."QueuedJob" WHERE "workspaceId" = $1`, [made.workspace.id])).rows[0].count);
  await db.end();
  const queue = new Queue(QUEUES.qualification, { connection: new Redis(platform.env.REDIS_URL, { maxRetriesPerRequest: null }) });
  const waiting = await queue.getWaitingCount();
  await queue.obliterate({ force: true });
  await queue.close();

  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]?.toFixed(1);
  process.stdout.write('\n');
  console.table([
    {
      'messages/s': Math.round(sent / elapsed),
      messages: sent,
      failed,
      'batch p50 ms': pct(50),
      'batch p99 ms': pct(99),
      'relay tail s': relayTail.toFixed(2),
      'jobs recorded': jobs,
      'jobs in queue': waiting,
    },
  ]);
  const peaks = Object.entries(platform.services).map(([name, child]) => `${name} ${peakMb(child).toFixed(0)} MB`);
  process.stdout.write(`ingest latency is per upsert of ${BATCH} messages (handed to the connector → stored with its jobs)\n`);
  process.stdout.write(`peak RSS: ${peaks.join(', ')}; bench client ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
} finally {
  await platform.stop();
}
process.exit(0);
