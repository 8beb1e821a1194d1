// The platform as separate processes, the way it is deployed, for benchmarks:
// the four subgraphs and the router on ports from `basePort`, over a database
// of the bench's own, with production settings and fresh secrets.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEnv, ROUTER, SUBGRAPH_NAMES, SUBGRAPHS, type PlatformEnv } from '@leadwire/platform';
import { resolveInfra } from '../scripts/infra.ts';
import { migrateAll } from '../scripts/migrate.ts';

const ROOT = join(import.meta.dirname, '..');

export const urlOf = (port: number) => `http://127.0.0.1:${port}/graphql`;

/** Peak resident memory of a process (VmHWM), in MB. */
export const peakMb = (child: ChildProcess) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

export async function startBenchPlatform(opts: { basePort: number; database: string; redisDb?: number; extraEnv?: Record<string, string> }) {
  const infra = await resolveInfra({ log: (line) => process.stdout.write(`${line}\n`) });
  for (const line of infra.description) process.stdout.write(`${line}\n`);
  const databaseUrl = new URL(infra.databaseUrl);
  databaseUrl.pathname = `/${opts.database}`;
  // A bench that empties its queues keeps them in a Redis database of its own.
  const redisUrl = new URL(infra.redisUrl);
  if (opts.redisDb !== undefined) redisUrl.pathname = `/${opts.redisDb}`;
  const port: Record<string, number> = { router: opts.basePort, routerInternal: opts.basePort + 9 };
  SUBGRAPH_NAMES.forEach((name, i) => (port[name] = opts.basePort + 1 + i));
  const secret = () => randomBytes(32).toString('hex');
  const serviceEnv: Record<string, string> = {
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL: redisUrl.toString(),
    ROUTER_URL: urlOf(port.routerInternal!),
    INTERNAL_PORT: String(port.routerInternal),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // Production settings: no introspection, no stack traces, real secrets.
    NODE_ENV: 'production',
    ROUTER_SIGNING_SECRET: secret(),
    JWT_SECRET: secret(),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [SUBGRAPHS[name].urlEnv, urlOf(port[name]!)])),
    // Benches log in and submit from one address; keep the limiters out of the way.
    LOGIN_RATE_PER_MINUTE: '1000000',
    LOGIN_ACCOUNT_RATE_PER_MINUTE: '1000000',
    SUBMIT_RATE_PER_MINUTE: '1000000',
    ...opts.extraEnv,
  };
  const env: PlatformEnv = readEnv({ ...process.env, ...serviceEnv });
  process.stdout.write(`migrating ${opts.database}\n`);
  await migrateAll(env.DATABASE_URL);

  const children: ChildProcess[] = [];
  async function startProcess(name: string, entry: string, listenPort: number): Promise<ChildProcess> {
    // `--import tsx` keeps the service in this child (the tsx CLI would fork another).
    const profile = process.env.BENCH_PROFILE === name ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(ROOT, entry)], {
      cwd: ROOT,
      env: { ...process.env, ...serviceEnv, PORT: String(listenPort) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (await fetch(`http://127.0.0.1:${listenPort}/healthz`).then((r) => r.ok, () => false)) return child;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${name} did not start on ${listenPort}`);
  }
  const services: Record<string, ChildProcess> = {};
  for (const name of SUBGRAPH_NAMES) services[name] = await startProcess(name, SUBGRAPHS[name].main, port[name]!);
  services.router = await startProcess('router', ROUTER.main, port.router!);
  return {
    env,
    port,
    routerUrl: urlOf(port.router!),
    services,
    startProcess: async (name: string, entry: string, listenPort: number) => (services[name] = await startProcess(name, entry, listenPort)),
    async stop() {
      for (const child of children.reverse()) child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 1_000));
      await infra.stop();
    },
  };
}
