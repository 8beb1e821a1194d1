// Fan-out benchmark: many graphql-ws board subscribers, moves sent one after
// another, and the time from the start of each `moveLead` to every delivery.
// The platform runs as separate processes (bench/platform-processes.ts); the
// router is restarted before each run so its memory says what the sockets
// cost. Runs (arguments, or all three by default):
//   1000      one workspace, 1,000 sockets: 900 admin/manager sockets over four
//             selections, 100 consultant sockets (one per consultant)
//   10x100    ten workspaces of 100 sockets each, in the same proportions
//   10000     one workspace, 10,000 sockets
// Prints delivered / expected, p50 / p99 / max latency, router RSS and RSS per
// socket, router CPU and replays per move. Never fails on thresholds.
//
//   npm run bench:fanout              npm run bench:fanout -- 1000
//   FANOUT_MOVES=100 FANOUT_GAP_MS=50 npm run bench:fanout -- 10x100
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { ROUTER } from '@leadwire/platform';
import { openSockets, type Delivery, type SocketPool, type SocketSpec } from './fanout-sockets.ts';
import { call, createTenant, type BenchTenant } from './fanout-tenants.ts';
import { assertPortsFree } from './free-ports.ts';
import { startBenchPlatform } from './platform-processes.ts';
import { cpuSeconds } from './process-usage.ts';

const MOVES = Number(process.env.FANOUT_MOVES ?? 50);
const GAP_MS = Number(process.env.FANOUT_GAP_MS ?? 100);
const BASE_PORT = Number(process.env.BENCH_PORT_BASE ?? 4600);
/** Sockets per admin or manager: below the router's 100 subscriptions per credential. */
const SOCKETS_PER_USER = 50;

const SELECTIONS = [
  'cursor type leadId position lead { name assignee { name } stage { name } latestMessage { body } }',
  'cursor type leadId toStageId',
  'cursor type leadId lead { id name stage { id name } assignee { id name } }',
  'cursor type leadId lead { id name phone dealValue stage { id } }',
].map((selection) => `subscription FanoutBoard { boardEvents { ${selection} } }`);

const RUNS: Record<string, { workspaces: number; sockets: number }> = {
  '1000': { workspaces: 1, sockets: 1_000 },
  '10x100': { workspaces: 10, sockets: 100 },
  '10000': { workspaces: 1, sockets: 10_000 },
};

const mb = (kb: number) => (kb / 1024).toFixed(0);
const statusKb = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function metric(internalPort: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${internalPort}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith(name)).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Admin and manager sockets over the four selections, and one socket per consultant. */
function socketsFor(tenant: BenchTenant, count: number, wsUrl: string): { specs: SocketSpec[]; watching: string[] } {
  const staff = Math.round(count * 0.9);
  const people = [tenant.admin, ...tenant.managers];
  const specs: SocketSpec[] = [];
  const watching: string[] = [];
  for (let i = 0; i < staff; i++) {
    specs.push({ url: wsUrl, token: people[i % people.length]!.token, query: SELECTIONS[i % SELECTIONS.length]! });
    watching.push('*');
  }
  for (const consultant of tenant.consultants.slice(0, count - staff)) {
    specs.push({ url: wsUrl, token: consultant.token, query: SELECTIONS[0]! });
    watching.push(consultant.id);
  }
  return { specs, watching };
}

await assertPortsFree(BASE_PORT, 10);
const platform = await startBenchPlatform({ basePort: BASE_PORT, database: 'leadwire_bench', redisDb: 15 });
const port = platform.port as Record<'router' | 'routerInternal', number>;
const wsUrl = `ws://127.0.0.1:${port.router}/graphql`;

async function restartRouter() {
  const old = platform.services.router!;
  await new Promise<void>((resolve) => (old.exitCode !== null ? resolve() : (old.once('exit', () => resolve()), old.kill('SIGTERM'))));
  return platform.startProcess('router', ROUTER.main, port.router);
}

async function run(name: string, shape: { workspaces: number; sockets: number }) {
  const staffSockets = Math.round(shape.sockets * 0.9);
  const size = { managers: Math.ceil(staffSockets / SOCKETS_PER_USER) - 1, consultants: shape.sockets - staffSockets, leads: 0 };
  size.leads = Math.max(size.consultants, Math.ceil((2 * MOVES) / shape.workspaces));
  process.stdout.write(`\n[${name}] provisioning ${shape.workspaces} workspace(s): ${size.managers + 1} admin/managers, ${size.consultants} consultants, ${size.leads} leads each\n`);
  const tenants: BenchTenant[] = [];
  for (let i = 0; i < shape.workspaces; i++) tenants.push(await createTenant(platform.env, platform.routerUrl, size));

  const router = await restartRouter();
  const pid = router.pid!;
  await call(platform.routerUrl, tenants[0]!.admin.token, '{ boardCursor }');
  const rssBefore = statusKb(pid, 'VmRSS');
  const plan = tenants.map((t) => socketsFor(t, shape.sockets, wsUrl));
  const opening = Date.now();
  const pools: SocketPool[] = [];
  for (const { specs } of plan) pools.push(await openSockets(specs));
  const total = plan.reduce((n, p) => n + p.specs.length, 0);
  await waitFor(async () => (await metric(port.routerInternal, 'leadwire_router_subscriptions_active')) >= total, 120_000, 'every subscription to open');
  const openedMs = Date.now() - opening;
  await sleep(2_000);
  const rssOpen = statusKb(pid, 'VmRSS');

  // Moves one at a time, round-robin over the workspaces, each on a lead not moved before in this run.
  const started = new Map<string, number>();
  const answered = new Map<string, number>();
  const expected = { count: 0 };
  const leadLists = tenants.map((t) => [...t.leads.keys()]);
  const before = { cpu: cpuSeconds(pid), replays: await metric(port.routerInternal, 'leadwire_router_subscription_replays_total'),
    probes: await metric(port.routerInternal, 'leadwire_router_subscription_probes_total'), filtered: await metric(port.routerInternal, 'leadwire_router_subscription_filtered_total') };
  for (let k = 0; k < MOVES; k++) {
    const w = k % tenants.length;
    const tenant = tenants[w]!;
    const leadId = leadLists[w]![Math.floor(k / tenants.length)]!;
    const holder = tenant.leads.get(leadId);
    expected.count += plan[w]!.watching.filter((who) => who === '*' || who === holder).length;
    const stage = tenant.stages[1 + (k % (tenant.stages.length - 1))]!;
    const tick = sleep(GAP_MS);
    const t0 = performance.now();
    started.set(leadId, t0);
    await call(platform.routerUrl, tenant.admin.token, 'mutation FanoutMove($id: ID!, $stageId: ID!) { moveLead(id: $id, stageId: $stageId, position: 0) { id } }', { id: leadId, stageId: stage });
    answered.set(leadId, performance.now() - t0);
    await tick;
  }
  const moved = (d: Delivery) => d.type === 'MOVED' && started.has(d.leadId);
  const delivered = () => pools.reduce((n, p) => n + p.deliveries.filter(moved).length, 0);
  let last = -1;
  let lastChange = Date.now();
  await waitFor(() => {
    const now = delivered();
    if (now !== last) [last, lastChange] = [now, Date.now()];
    return now >= expected.count || Date.now() - lastChange > 15_000;
  }, 600_000, 'deliveries');
  const cpu = cpuSeconds(pid) - before.cpu;
  const replays = (await metric(port.routerInternal, 'leadwire_router_subscription_replays_total')) - before.replays;
  const probes = (await metric(port.routerInternal, 'leadwire_router_subscription_probes_total')) - before.probes;
  const filtered = (await metric(port.routerInternal, 'leadwire_router_subscription_filtered_total')) - before.filtered;

  const latencies = pools.flatMap((p) => p.deliveries.filter(moved).map((d) => d.at - started.get(d.leadId)!)).sort((a, b) => a - b);
  // Per move: how long moveLead took to answer, when the first socket had the event, and when the last did.
  const perMove = new Map<string, { first: number; last: number }>();
  for (const p of pools) for (const d of p.deliveries.filter(moved)) {
    const spent = d.at - started.get(d.leadId)!;
    const m = perMove.get(d.leadId) ?? { first: Infinity, last: 0 };
    perMove.set(d.leadId, { first: Math.min(m.first, spent), last: Math.max(m.last, spent) });
  }
  const p50 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50).toFixed(0);
  const duplicates = pools.reduce((n, p) => n + p.deliveries.length - new Set(p.deliveries.map((d) => `${d.socket} ${d.cursor}`)).size, 0);
  const errors = pools.flatMap((p) => p.errors);
  const closedEarly = pools.reduce((n, p) => n + [...p.closed.values()].reduce((a, b) => a + b, 0), 0);
  process.stdout.write(
    `[${name}] ${total} sockets opened in ${(openedMs / 1000).toFixed(1)} s; ${MOVES} moves, one every ≥ ${GAP_MS} ms\n` +
      `  delivered ${latencies.length} / ${expected.count} expected${latencies.length === expected.count ? '' : ` (${expected.count - latencies.length} missing)`}; duplicates ${duplicates}; errors ${errors.length}${errors.length ? ` (${errors[0]})` : ''}; sockets closed by the server ${closedEarly}\n` +
      `  latency moveLead start → delivery: p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(0)} ms\n` +
      `  per move (p50): moveLead answered in ${p50([...answered.values()])} ms, first delivery ${p50([...perMove.values()].map((m) => m.first))} ms, last ${p50([...perMove.values()].map((m) => m.last))} ms\n` +
      `  router RSS: ${mb(rssBefore)} MB before, ${mb(rssOpen)} MB with the sockets open → ${((rssOpen - rssBefore) / total).toFixed(1)} KB per socket; peak ${mb(statusKb(pid, 'VmHWM'))} MB\n` +
      `  router CPU while moving: ${cpu.toFixed(2)} s (${((cpu * 1000) / MOVES).toFixed(0)} ms per move); group replays ${replays} (${(replays / MOVES).toFixed(1)} per move), probes ${probes}, consultant batches filtered ${filtered}\n` +
      `  bench client RSS ${mb(process.memoryUsage().rss / 1024)} MB; machine load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)\n`,
  );
  await Promise.all(pools.map((p) => p.close()));
}

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(RUNS);
try {
  for (const name of chosen) {
    const shape = RUNS[name];
    if (!shape) throw new Error(`unknown run ${name}; choose from ${Object.keys(RUNS).join(', ')}`);
    await run(name, shape);
  }
} finally {
  await platform.stop();
}
process.exit(0);
