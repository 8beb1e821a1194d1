// The router against Hive Gateway (@graphql-hive/gateway, default settings)
// on the same supergraph and the same running subgraphs, in one run:
//   (1) lead(id) with a different id on every request,
//   (2) the same lead(id) from every connection,
//   (3) the board (four subgraphs).
// Each is measured with autocannon against both, in alternating order over
// rounds, and printed as requests/s, latency, CPU per request of the gateway
// and of the subgraphs, and the router / Hive Gateway throughput ratio. Hive
// Gateway gets the caller's identity pre-signed for each subgraph, so it
// skips the authentication and signing the router does. Never fails on
// thresholds.
//
//   npm run bench:gateways        BENCH_SECONDS=20 BENCH_ROUNDS=3 npm run bench:gateways
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { createIdentitySigner, SUBGRAPH_NAMES } from '@leadwire/platform';
import { call, createTenant } from './fanout-tenants.ts';
import { assertPortsFree } from './free-ports.ts';
import { startBenchPlatform, urlOf } from './platform-processes.ts';
import { cpuSeconds } from './process-usage.ts';
import { BOARD_QUERY } from './board-query.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = 10;
const BASE_PORT = Number(process.env.BENCH_PORT_BASE ?? 4700);
const HIVE_PORT = BASE_PORT + 20;

const LEAD_QUERY = /* GraphQL */ `query BenchLead($id: ID!) { lead(id: $id) { id name email stage { id name } dealValue assignee { name } } }`;

interface Target {
  name: 'router' | 'Hive Gateway';
  url: string;
  headers: Record<string, string>;
  pid: number;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  gatewayCpuMs: number;
  subgraphCpuMs: number;
}

await assertPortsFree(BASE_PORT, 10);
await assertPortsFree(HIVE_PORT, 1);
const platform = await startBenchPlatform({ basePort: BASE_PORT, database: 'leadwire_bench', redisDb: 15 });
const port = platform.port as Record<string, number>;
const hive = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'hive-gateway-server.ts')], {
  cwd: join(import.meta.dirname, '..'),
  env: { ...process.env, NODE_ENV: 'production', PORT: String(HIVE_PORT), SUBGRAPH_URLS: JSON.stringify(Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, urlOf(port[n]!)]))) },
  stdio: ['ignore', 'ignore', 'inherit'],
});

async function measure(target: Target, body: () => string): Promise<Measured> {
  const send = () => fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers }, body: body() });
  for (let i = 0; i < 50; i++) await send();
  const subgraphPids = SUBGRAPH_NAMES.map((n) => platform.services[n]!.pid!);
  const cpuBefore = { gateway: cpuSeconds(target.pid), subgraphs: subgraphPids.reduce((s, pid) => s + cpuSeconds(pid), 0) };
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'content-type': 'application/json', ...target.headers },
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body() }) }],
  } as never);
  // autocannon reports the count too; bench/autocannon.d.ts declares only what router-overhead reads.
  const total = (result.requests as unknown as { total: number }).total || 1;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.errors + result.timeouts + result.non2xx,
    gatewayCpuMs: ((cpuSeconds(target.pid) - cpuBefore.gateway) * 1000) / total,
    subgraphCpuMs: ((subgraphPids.reduce((s, pid) => s + cpuSeconds(pid), 0) - cpuBefore.subgraphs) * 1000) / total,
  };
}

try {
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`http://127.0.0.1:${HIVE_PORT}/healthcheck`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline) throw new Error('Hive Gateway did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  process.stdout.write('provisioning a workspace with 200 leads\n');
  const tenant = await createTenant(platform.env, platform.routerUrl, { managers: 0, consultants: 3, leads: 200 });
  const ids = [...tenant.leads.keys()];
  const sign = createIdentitySigner(platform.env.ROUTER_SIGNING_SECRET, Math.max(300, ROUNDS * SECONDS * 12 + 120));
  const identity = { kind: 'user' as const, workspaceId: tenant.workspaceId, userId: tenant.admin.id, role: 'ADMIN' as const };
  const hiveHeaders = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (n) => [`x-identity-${n}`, await sign(identity, n)])));
  const targets: Target[] = [
    { name: 'router', url: platform.routerUrl, headers: { authorization: `Bearer ${tenant.admin.token}` }, pid: platform.services.router!.pid! },
    { name: 'Hive Gateway', url: `http://127.0.0.1:${HIVE_PORT}/graphql`, headers: hiveHeaders, pid: hive.pid! },
  ];

  // Both must answer the same before their speed means anything.
  const answers = await Promise.all(targets.map(async (t) => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...t.headers }, body: JSON.stringify({ query: BOARD_QUERY }) });
    return JSON.stringify(await res.json());
  }));
  if (answers[0] !== answers[1]) throw new Error(`router and Hive Gateway answer the board differently:\n${answers[0]!.slice(0, 300)}\n${answers[1]!.slice(0, 300)}`);
  await call(platform.routerUrl, tenant.admin.token, LEAD_QUERY, { id: ids[0] });

  let next = 0;
  const scenarios: Array<{ name: string; body: () => string }> = [
    { name: 'lead(id), a different id per request', body: () => JSON.stringify({ query: LEAD_QUERY, variables: { id: ids[next++ % ids.length] } }) },
    { name: 'lead(id), the same from every connection', body: () => JSON.stringify({ query: LEAD_QUERY, variables: { id: ids[7] } }) },
    { name: 'board (four subgraphs)', body: () => JSON.stringify({ query: BOARD_QUERY }) },
  ];
  const results = new Map<string, Record<Target['name'], Measured[]>>(scenarios.map((s) => [s.name, { router: [], 'Hive Gateway': [] }]));
  process.stdout.write(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per measurement, ${ROUNDS} round(s), order alternating\n`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const scenario of scenarios) {
      for (const target of round % 2 ? [...targets].reverse() : targets) {
        const m = await measure(target, scenario.body);
        results.get(scenario.name)![target.name].push(m);
        process.stdout.write(`  round ${round + 1} · ${scenario.name} · ${target.name}: ${Math.round(m.rps)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ` +
          `CPU/request gateway ${m.gatewayCpuMs.toFixed(2)} ms, subgraphs ${m.subgraphCpuMs.toFixed(2)} ms${m.failed ? `, ${m.failed} failed` : ''}; load ${loadavg()[0]!.toFixed(1)}\n`);
      }
    }
  }
  const mean = (ms: Measured[], key: keyof Measured) => ms.reduce((s, m) => s + m[key], 0) / ms.length;
  process.stdout.write('\n');
  console.table(scenarios.map((s) => {
    const r = results.get(s.name)!;
    return {
      scenario: s.name,
      'router req/s': Math.round(mean(r.router, 'rps')),
      'Hive req/s': Math.round(mean(r['Hive Gateway'], 'rps')),
      'router / Hive': (mean(r.router, 'rps') / mean(r['Hive Gateway'], 'rps')).toFixed(2),
      'router p99 ms': Math.round(mean(r.router, 'p99')),
      'Hive p99 ms': Math.round(mean(r['Hive Gateway'], 'p99')),
      'subgraph CPU ms/req router': mean(r.router, 'subgraphCpuMs').toFixed(2),
      'subgraph CPU ms/req Hive': mean(r['Hive Gateway'], 'subgraphCpuMs').toFixed(2),
    };
  }));
} finally {
  hive.kill('SIGTERM');
  await platform.stop();
}
process.exit(0);
