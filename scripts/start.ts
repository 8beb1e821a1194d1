// `npm start`: the whole platform on one machine. Finds PostgreSQL and Redis
// (scripts/infra.ts), generates the Prisma clients, migrates, seeds the demo
// workspace, starts the four subgraphs, then the router, then adds sample leads
// through the router. Ctrl-C stops everything it started, router first.
//
// With NODE_ENV=production there is no demo (its passwords are public): an admin
// comes from BOOTSTRAP_ADMIN_EMAIL / BOOTSTRAP_ADMIN_PASSWORD, and the built CRM
// (web/dist) is served by web/server.ts instead of Vite's dev server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readEnv } from '@leadwire/platform';
import { CONNECTOR, ROUTER as ROUTER_PROCESS, SUBGRAPH_NAMES, SUBGRAPHS, WORKERS } from '@leadwire/platform';
import { InfraUnavailable, resolveInfra, type Infra } from './infra.ts';
import { migrateAll } from './migrate.ts';
import { bootstrapAdmin, bootstrapAdminFromEnv, DEMO, seedDemoWorkspace, seedSampleLeads, type BootstrapAdmin } from './seed.ts';

const ROOT = join(import.meta.dirname, '..');
const STOP_GRACE_MS = 10_000;
const READY_TIMEOUT_MS = 90_000;

const SERVICES = SUBGRAPH_NAMES.map((name) => ({ name, port: SUBGRAPHS[name].port, main: SUBGRAPHS[name].main }));
const ROUTER = { name: 'router', port: ROUTER_PROCESS.port, internalPort: ROUTER_PROCESS.internalPort, main: ROUTER_PROCESS.main };
const PRODUCTION = process.env.NODE_ENV === 'production';
// Only the router and the CRM face users: PUBLIC_HOST (0.0.0.0 in a container)
// applies to them; subgraphs are reached through the router, on loopback only.
const PUBLIC_HOST = process.env.PUBLIC_HOST || '127.0.0.1';
const INTERNAL_HOST = '127.0.0.1';
const WEB_DIST_INDEX = join(ROOT, 'web', 'dist', 'index.html');
// The CRM, with /graphql (and its websocket) proxied to the router: in production
// the built app behind web/server.ts, in development Vite's dev server.
const WEB: Service = PRODUCTION
  ? { name: 'web', port: 5173, main: 'web/server.ts' }
  : { name: 'web', port: 5173, main: 'node_modules/vite/bin/vite.js', args: ['--strictPort', '--host', PUBLIC_HOST], cwd: 'web' };
// Queue workers, and the WhatsApp connector (with its simulator in development).
const WORKER_PROCESS = { name: 'workers', port: WORKERS.port, main: WORKERS.main };
const CONNECTOR_PROCESS = { name: 'connector', port: CONNECTOR.port, main: CONNECTOR.main };
const WIDTH = Math.max(...[...SERVICES, ROUTER, WEB, CONNECTOR_PROCESS].map((s) => s.name.length));
const COLORS = [36, 35, 33, 32, 34, 31, 90, 37];

const say = (line: string) => process.stdout.write(`${'start'.padEnd(WIDTH)} │ ${line}\n`);

interface Running {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
}
const running: Running[] = [];
let infra: Infra | undefined;
let stopping = false;

interface Service {
  name: string;
  port: number;
  main: string;
  args?: string[];
  cwd?: string;
}

function launch(service: Service, env: NodeJS.ProcessEnv, color: number): Running {
  const loader = service.main.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, join(ROOT, service.main), ...(service.args ?? [])], {
    cwd: join(ROOT, service.cwd ?? ''),
    env: { ...env, PORT: String(service.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: Ctrl-C reaches start.ts only, which stops the router
    // before the subgraphs, and the subgraphs before the databases.
    detached: true,
  });
  const prefix = process.stdout.isTTY ? `\x1b[${color}m${service.name.padEnd(WIDTH)}\x1b[0m │ ` : `${service.name.padEnd(WIDTH)} │ `;
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const entry = { name: service.name, child, exited };
  running.push(entry);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    say(`${service.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
    void shutdown(1);
  });
  return entry;
}

async function waitReady(service: { name: string; port: number }, entry: Running): Promise<void> {
  const url = `http://127.0.0.1:${service.port}/readyz`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (entry.child.exitCode !== null || entry.child.signalCode !== null) throw new Error(`${service.name} exited before it was ready`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${service.name} was not ready at ${url} after ${READY_TIMEOUT_MS / 1000} s`);
}

async function stopChild({ name, child, exited }: Running): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    say(`${name} did not stop within ${STOP_GRACE_MS / 1000} s: SIGKILL`);
    child.kill('SIGKILL');
  }, STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping…');
    // Router first (it calls the subgraphs), then the subgraphs together, then the databases.
    const router = running.find((r) => r.name === ROUTER.name);
    if (router) await stopChild(router);
    await Promise.all(running.filter((r) => r !== router).map(stopChild));
    await infra?.stop();
    say('stopped');
    process.exit(code);
  }
  return new Promise<never>(() => undefined);
}

// Should start.ts die some other way, take the services down with it.
process.on('exit', () => {
  for (const { child } of running) {
    try {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});
// `on`, not `once`: Ctrl-C reaches us twice (from the terminal and relayed by
// the tsx CLI), and a SIGINT without a listener would end start.ts mid-shutdown.
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

// `kill <npm pid>` (or `docker stop` of `npm start`): npm 11 exits on SIGTERM
// without passing it to its script. When the npm that ran us is gone, stop.
function watchNpm(): void {
  if (!process.env.npm_lifecycle_event) return;
  let npm: number;
  try {
    // Our parent is the tsx CLI; its parent is npm (or the shell npm ran).
    npm = Number(readFileSync(`/proc/${process.ppid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  } catch {
    return;
  }
  if (!(npm > 1)) return;
  setInterval(() => {
    try {
      process.kill(npm, 0);
    } catch {
      say('npm exited; stopping');
      void shutdown(0);
    }
  }, 1_000).unref();
}
watchNpm();

/** Fails before anything starts when production would refuse to run or serve nothing. */
function checkProduction(): BootstrapAdmin | null {
  readEnv();
  if (!existsSync(WEB_DIST_INDEX)) {
    throw new Error(`${WEB_DIST_INDEX} not found: NODE_ENV=production serves the built CRM; build it first with \`npm --prefix web run build\` (the Dockerfile does)`);
  }
  return bootstrapAdminFromEnv();
}

async function main() {
  const admin = PRODUCTION ? checkProduction() : null;
  try {
    infra = await resolveInfra({ log: say });
  } catch (err) {
    if (err instanceof InfraUnavailable) {
      process.stderr.write(`\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  for (const line of infra.description) say(line);

  say('generating Prisma clients (turbo run db:generate)');
  const generate = spawnSync(join(ROOT, 'node_modules', '.bin', 'turbo'), ['run', 'db:generate', '--output-logs=errors-only'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (generate.status !== 0) throw new Error('turbo run db:generate failed');

  say('applying migrations');
  await migrateAll(infra.databaseUrl);
  if (!PRODUCTION) await seedDemoWorkspace(infra.databaseUrl, say);
  else if (admin) await bootstrapAdmin(infra.databaseUrl, admin, say);
  else say('bootstrap: BOOTSTRAP_ADMIN_EMAIL / BOOTSTRAP_ADMIN_PASSWORD not set, no admin created');

  const routerUrl = `http://127.0.0.1:${ROUTER.port}/graphql`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    // Services call the router on its internal listener, never the public one.
    ROUTER_URL: `http://127.0.0.1:${ROUTER.internalPort}/graphql`,
    INTERNAL_PORT: String(ROUTER.internalPort),
    ...Object.fromEntries(SERVICES.map((s) => [SUBGRAPHS[s.name].urlEnv, `http://127.0.0.1:${s.port}/graphql`])),
    LEADWIRE_ROUTER_URL: `http://127.0.0.1:${ROUTER.port}`,
  };
  const publicEnv = { ...env, HOST: PUBLIC_HOST };

  const subgraphs = SERVICES.map((s, i) => ({ service: s, entry: launch(s, { ...env, HOST: INTERNAL_HOST }, COLORS[i]!) }));
  await Promise.all(subgraphs.map(({ service, entry }) => waitReady(service, entry)));
  say('subgraphs ready; starting the router');
  // X-Forwarded-For is believed only from the CRM's proxy on this machine (Vite or web/server.ts).
  const router = launch(ROUTER, { ...publicEnv, TRUSTED_PROXIES: process.env.TRUSTED_PROXIES ?? 'loopback' }, COLORS[4]!);
  await waitReady(ROUTER, router);

  if (!PRODUCTION) {
    await seedSampleLeads(routerUrl, say).catch((err: unknown) => say(`sample leads not added: ${(err as Error).message}`));
  }
  await waitReady(WEB, launch(WEB, publicEnv, COLORS[5]!));
  await waitReady(WORKER_PROCESS, launch(WORKER_PROCESS, { ...env, HOST: INTERNAL_HOST }, COLORS[6]!));
  // The connector talks to the platform like any integration: the public API and a service key.
  const serviceKey = process.env.LEADWIRE_SERVICE_KEY ?? (PRODUCTION ? undefined : DEMO.serviceKey);
  if (serviceKey) {
    const connectorEnv = { ...env, HOST: INTERNAL_HOST, LEADWIRE_API_URL: routerUrl, LEADWIRE_SERVICE_KEY: serviceKey };
    await waitReady(CONNECTOR_PROCESS, launch(CONNECTOR_PROCESS, connectorEnv, COLORS[7]!));
  } else {
    say('connector not started: set LEADWIRE_SERVICE_KEY to the workspace service key');
  }

  const accounts = PRODUCTION
    ? [admin ? `Platform admin: ${admin.email} (from BOOTSTRAP_ADMIN_EMAIL)` : 'No bootstrap admin configured (BOOTSTRAP_ADMIN_EMAIL, BOOTSTRAP_ADMIN_PASSWORD).']
    : [
        `Demo workspace "${DEMO.workspace.name}":`,
        `  admin           ${DEMO.admin.email} / ${DEMO.admin.password}   (platform admin)`,
        `  manager         ${DEMO.manager.email} / ${DEMO.userPassword}`,
        `  consultants     ${DEMO.consultants.map((c) => c.email).join(', ')} / ${DEMO.userPassword}`,
        `  publishable key ${DEMO.publishableKey}   (origins ${DEMO.publishableOrigins.join(', ')})`,
        `  service key     ${DEMO.serviceKey}`,
      ];
  const lines = [
    '',
    `Leadwire is running${PRODUCTION ? ' (production)' : ''}.`,
    `  CRM (web)       http://localhost:${WEB.port}${PRODUCTION ? '' : '   (log in with a demo account below)'}`,
    `  GraphQL API     http://localhost:${ROUTER.port}/graphql`,
    `  Metrics         http://127.0.0.1:${ROUTER.internalPort}/metrics   (internal listener, loopback only)`,
    ...(PRODUCTION ? [] : [`  WhatsApp sim    http://127.0.0.1:${CONNECTOR.simulatorPort}/simulator/messages   (npm run simulate -- --from +5511987654321 "Oi")`]),
    `  Health          http://localhost:${ROUTER.port}/healthz   http://localhost:${ROUTER.port}/readyz`,
    ...SERVICES.map((s) => `  ${s.name.padEnd(14)}  http://localhost:${s.port}/healthz   http://localhost:${s.port}/readyz   (GraphQL only via the router)`),
    '',
    ...accounts,
    '',
    'Press Ctrl-C to stop.',
  ];
  for (const line of lines) process.stdout.write(`${line}\n`);
}

main().catch(async (err: unknown) => {
  say(`failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
