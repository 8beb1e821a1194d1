// Router overhead benchmark: starts the four subgraphs and the router as
// separate processes, the way they are deployed, provisions a workspace with
// 200 leads, then measures with autocannon from this process
//   (a) lead(id) sent straight to the leads subgraph with a router-signed identity,
//   (b) the same query through the router with the user's JWT,
//   (c) the board query, joining all four subgraphs, through the router.
// Reports requests/s, p50 and p99 latency, the router/direct ratio and each
// process's peak RSS. Never fails on thresholds.
//
//   npm run bench                 BENCH_SECONDS=30 npm run bench
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { createIdentitySigner, databaseUrlFor, IDENTITY_HEADER } from '@leadwire/platform';
import { provisionWorkspace } from '../subgraphs/assignment/src/index.ts';
import { createPrisma, SCHEMA as ASSIGNMENT_SCHEMA } from '../subgraphs/assignment/src/db.ts';
import { peakMb, startBenchPlatform, urlOf } from './platform-processes.ts';
import { BOARD_QUERY } from './board-query.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const LEADS = 200;
const BASE_PORT = Number(process.env.BENCH_PORT_BASE ?? 4100);

const LEAD_QUERY = /* GraphQL */ `query BenchLead($id: ID!) { lead(id: $id) { id name email stage { id name } dealValue } }`;

async function call<T>(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length || !body.data) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

interface Measured {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(name: string, url: string, body: unknown, headers: Record<string, string>): Promise<Measured> {
  // Warm-up: JIT, query plans, connection pools.
  for (let i = 0; i < 50; i++) await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const bad = result.errors + result.timeouts + result.non2xx;
  process.stdout.write(`  ${name}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${bad ? `, ${bad} failed` : ''}\n`);
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: bad };
}

const platform = await startBenchPlatform({ basePort: BASE_PORT, database: 'leadwire_bench' });
const { env, services } = platform;
const port = platform.port as Record<'router' | 'leads', number>;
const router = { url: platform.routerUrl };

try {
  const tag = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const admin = { name: 'Bench Admin', email: `bench-${tag}@leadwire.dev`, password: `bench-${tag}-password` };
  const { prisma, pool } = createPrisma(databaseUrlFor(env.DATABASE_URL, ASSIGNMENT_SCHEMA));
  const provisioned = await provisionWorkspace(prisma, {
    name: `Bench ${tag}`,
    slug: `bench-${tag}`,
    admin,
    users: ['A', 'B', 'C'].map((n) => ({ name: `Consultant ${n}`, email: `bench-${tag}-${n.toLowerCase()}@leadwire.dev`, password: admin.password, role: 'CONSULTANT' as const })),
  });
  await prisma.$disconnect();
  await pool.end();

  const { login } = await call<{ login: { token: string; user: { id: string } } }>(
    router.url,
    `mutation BenchLogin($email: String!, $password: String!) { login(email: $email, password: $password) { token user { id } } }`,
    { email: admin.email, password: admin.password },
  );
  const auth = { authorization: `Bearer ${login.token}` };

  process.stdout.write(`creating ${LEADS} leads\n`);
  const ids: string[] = [];
  const interests = ['REAL_ESTATE', 'VEHICLE', 'OTHER'];
  for (let batch = 0; batch < LEADS; batch += 10) {
    const created = await Promise.all(
      Array.from({ length: Math.min(10, LEADS - batch) }, (_, k) => batch + k).map((i) =>
        call<{ createLead: { id: string } }>(
          router.url,
          `mutation BenchCreateLead($input: CreateLeadInput!) { createLead(input: $input) { id } }`,
          { input: { name: `Lead ${i + 1}`, email: `lead${i + 1}-${tag}@example.com`, productInterest: interests[i % 3], dealValue: 10_000 + i * 1_000 } },
          auth,
        ),
      ),
    );
    ids.push(...created.map((c) => c.createLead.id));
  }
  for (const id of ids.slice(0, 60)) {
    await call(router.url, `mutation BenchAssign($leadId: ID!) { autoAssignLead(leadId: $leadId) { id } }`, { leadId: id }, auth);
  }

  // What the router forwards for this user, signed as the router signs it.
  const sign = createIdentitySigner(env.ROUTER_SIGNING_SECRET, Math.max(120, SECONDS * 6 + 60));
  const identity = await sign({ kind: 'user', workspaceId: provisioned.workspace.id, userId: login.user.id, role: 'ADMIN' }, 'leads');
  const leadBody = { query: LEAD_QUERY, variables: { id: ids[Math.floor(ids.length / 2)] } };
  // Sanity: both paths answer the same lead before measuring.
  await call(urlOf(port.leads), LEAD_QUERY, leadBody.variables, { [IDENTITY_HEADER]: identity });
  await call(router.url, LEAD_QUERY, leadBody.variables, auth);
  await call(router.url, BOARD_QUERY, {}, auth);

  process.stdout.write(`\nautocannon: ${CONNECTIONS} connections, ${SECONDS} s each\n`);
  const direct = await measure('(a) lead(id) → leads subgraph directly', urlOf(port.leads), leadBody, { [IDENTITY_HEADER]: identity });
  const routed = await measure('(b) lead(id) → router', router.url, leadBody, auth);
  const board = await measure('(c) board (4 subgraphs) → router', router.url, { query: BOARD_QUERY, variables: {} }, auth);

  process.stdout.write('\n');
  console.table(
    [direct, routed, board].map((m) => ({ scenario: m.name, 'req/s': Math.round(m.rps), 'p50 ms': m.p50, 'p99 ms': m.p99, failed: m.errors })),
  );
  process.stdout.write(
    `router/direct for lead(id): throughput ${(routed.rps / direct.rps).toFixed(2)}×, ` +
      `p50 latency ${(routed.p50 / Math.max(direct.p50, 0.001)).toFixed(2)}×, p99 latency ${(routed.p99 / Math.max(direct.p99, 0.001)).toFixed(2)}×\n`,
  );
  const peaks = Object.entries(services).map(([name, child]) => `${name} ${peakMb(child).toFixed(0)} MB`);
  process.stdout.write(`peak RSS: ${peaks.join(', ')}; bench client ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
} finally {
  await platform.stop();
}
process.exit(0);
