// Lead distribution throughput, end to end: `distributeLead` as the
// qualification worker calls it (service key → router → assignment, which asks
// leads through the router whether the lead is the workspace's, then assigns
// under the workspace lock). Then the queue: consultants full, WON moves on
// the board (leads' outbox → router → assignment's recordLeadOutcome) hand
// the waiting leads out. Prints leads/s, p50/p99 latency, and how long the
// queue took to drain after the moves. Never fails on thresholds.
//
//   npx tsx bench/distribution.ts        BENCH_LEADS=4000 BENCH_CONCURRENCY=8 npx tsx bench/distribution.ts
import { randomBytes } from 'node:crypto';
import { databaseUrlFor } from '@leadwire/platform';
import pg from 'pg';
import { createPrisma, SCHEMA as ASSIGNMENT_SCHEMA } from '../subgraphs/assignment/src/db.ts';
import { provisionWorkspace } from '../subgraphs/assignment/src/index.ts';
import { peakMb, startBenchPlatform } from './platform-processes.ts';

const LEADS = Number(process.env.BENCH_LEADS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const CONSULTANTS = 3;
const WAITING = 100;

const platform = await startBenchPlatform({ basePort: Number(process.env.BENCH_PORT_BASE ?? 4300), database: 'leadwire_bench_distribution' });
try {
  const serviceKey = `lw_svc_${randomBytes(32).toString('base64url')}`;
  const tag = randomBytes(3).toString('hex');
  const { prisma, pool } = createPrisma(databaseUrlFor(platform.env.DATABASE_URL, ASSIGNMENT_SCHEMA));
  const made = await provisionWorkspace(prisma, {
    name: `Distribution bench ${tag}`,
    admin: { name: 'Bench', email: `distribution-${tag}@leadwire.dev`, password: `bench-${tag}-password` },
    users: Array.from({ length: CONSULTANTS }, (_, i) => ({
      name: `Consultant ${i}`,
      email: `c${i}-${tag}@leadwire.dev`,
      password: `bench-${tag}-password`,
      role: 'CONSULTANT' as const,
    })),
    serviceKey: { name: 'bench qualification', secret: serviceKey },
  });
  const workspaceId = made.workspace.id;
  await prisma.user.updateMany({ where: { workspaceId, role: 'CONSULTANT' }, data: { capacity: LEADS } });

  const call = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await fetch(platform.routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${serviceKey}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  // Leads: one through the API (it makes the pipeline), the rest copied in one statement.
  const db = new pg.Client({ connectionString: platform.env.DATABASE_URL });
  await db.connect();
  const first = (await call<{ createLead: { id: string } }>('mutation($i: CreateLeadInput!) { createLead(input: $i) { id } }', { i: { name: 'Lead 0' } })).createLead.id;
  const { rows } = await db.query(
    `INSERT INTO "leads"."Lead" ("id", "workspaceId", "pipelineId", "stageId", "position", "name", "source", "tags", "updatedAt")
     SELECT gen_random_uuid(), l."workspaceId", l."pipelineId", l."stageId", l."position" + g, 'Lead ' || g, 'API', '{}', now()
     FROM "leads"."Lead" l, generate_series(1, $2::int - 1) g WHERE l."id" = $1::uuid RETURNING "id"`,
    [first, LEADS + WAITING],
  );
  const leads = [first, ...rows.map((r) => r.id as string)];
  const DISTRIBUTE = 'mutation($l: ID!, $p: ProductLine!) { distributeLead(leadId: $l, productLine: $p) { status consultant { name } } }';

  process.stdout.write(`distributing ${LEADS} leads, ${CONCURRENCY} callers at once\n`);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < LEADS) {
        const i = next++;
        const t0 = performance.now();
        await call(DISTRIBUTE, { l: leads[i], p: i % 2 ? 'VEHICLE' : 'REAL_ESTATE' });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;

  // Everyone full: the next leads wait; then WON moves free slots for them.
  await prisma.user.updateMany({ where: { workspaceId, role: 'CONSULTANT' }, data: { capacity: Math.ceil(LEADS / CONSULTANTS) } });
  const fill = await db.query(
    `SELECT "userId", count(*)::int AS n FROM assignment."LeadAssignment" WHERE "workspaceId" = $1 GROUP BY 1`,
    [workspaceId],
  );
  for (const row of fill.rows) await prisma.user.update({ where: { id: row.userId }, data: { capacity: row.n } });
  for (const id of leads.slice(LEADS)) await call(DISTRIBUTE, { l: id, p: 'REAL_ESTATE' });
  const won = (await call<{ board: { columns: Array<{ stage: { id: string; kind: string } }> } }>('{ board(first: 0) { columns { stage { id kind } } } }', {})).board.columns.find(
    (c) => c.stage.kind === 'WON',
  )!.stage.id;
  const closing = leads.slice(0, WAITING);
  const drainStart = performance.now();
  await Promise.all(closing.map((id) => call('mutation($id: ID!, $s: ID!) { moveLead(id: $id, stageId: $s, position: 0) { id } }', { id, s: won })));
  const movedAt = performance.now();
  let left = WAITING;
  while (left > 0 && performance.now() - drainStart < 120_000) {
    left = Number((await db.query(`SELECT count(*) FROM assignment."WaitingLead" WHERE "workspaceId" = $1`, [workspaceId])).rows[0].count);
    if (left) await new Promise((r) => setTimeout(r, 50));
  }
  const drained = performance.now();
  await db.end();
  await prisma.$disconnect();
  await pool.end();

  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]?.toFixed(1);
  process.stdout.write('\n');
  console.table([
    {
      'leads/s': Math.round(LEADS / elapsed),
      leads: LEADS,
      callers: CONCURRENCY,
      'p50 ms': pct(50),
      'p99 ms': pct(99),
      [`${WAITING} WON moves s`]: ((movedAt - drainStart) / 1000).toFixed(2),
      [`queue drained s after`]: ((drained - movedAt) / 1000).toFixed(2),
      'still waiting': left,
    },
  ]);
  const peaks = Object.entries(platform.services).map(([name, child]) => `${name} ${peakMb(child).toFixed(0)} MB`);
  process.stdout.write(`peak RSS: ${peaks.join(', ')}\n`);
} finally {
  await platform.stop();
}
process.exit(0);
