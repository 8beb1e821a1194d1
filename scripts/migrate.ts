import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const ROOT = join(import.meta.dirname, '..');
export const SUBGRAPHS = ['leads', 'conversations', 'assignment', 'messaging'];

/** Creates the database when it is missing (the server itself must be up). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!found.rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } catch (err) {
    // Two processes may race to create it; the loser finds it there.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}

const migrationsDir = (name: string) => join(ROOT, 'subgraphs', name, 'prisma', 'migrations');

/**
 * Which subgraphs have migrations not yet recorded as applied. Starting the
 * Prisma CLI costs seconds per subgraph, so an up-to-date database skips it.
 */
async function pendingSubgraphs(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const pending: string[] = [];
    for (const name of SUBGRAPHS) {
      if (!existsSync(migrationsDir(name))) continue;
      const wanted = readdirSync(migrationsDir(name), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
      const table = await client.query('select to_regclass($1) as t', [`"${name}"._prisma_migrations`]);
      const applied = table.rows[0].t
        ? new Set((await client.query(`select migration_name from "${name}"._prisma_migrations where finished_at is not null and rolled_back_at is null`)).rows.map((r) => r.migration_name))
        : new Set<string>();
      if (wanted.some((m) => !applied.has(m))) pending.push(name);
    }
    return pending;
  } finally {
    await client.end();
  }
}

function runDeploy(name: string, databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'prisma.mjs'), 'migrate', 'deploy'], {
      cwd: join(ROOT, 'subgraphs', name),
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`migrations of ${name} failed:\n${output}`))));
  });
}

/**
 * Applies every subgraph's Prisma migrations, each into its own schema. One
 * after the other: Prisma holds a single advisory lock per database while it
 * migrates, so running them side by side only makes them wait for each other.
 */
export async function migrateAll(databaseUrl: string, quiet = true): Promise<void> {
  await ensureDatabase(databaseUrl);
  const pending = await pendingSubgraphs(databaseUrl);
  for (const name of pending) await runDeploy(name, databaseUrl);
  if (!quiet) process.stdout.write(pending.length ? `migrated ${pending.join(', ')}\n` : 'migrations up to date\n');
}

/** The migrated, never-used database that tests' own databases are copied from. */
export const templateDatabaseUrl = (testDatabaseUrl: string) => withDatabase(testDatabaseUrl, `${databaseName(testDatabaseUrl)}_template`);

const databaseName = (url: string) => new URL(url).pathname.slice(1);
const withDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

/**
 * A test file's own database, up to date, in well under a second: missing or
 * behind the migrations, it is dropped and copied from the template the global
 * setup migrated (`CREATE DATABASE … TEMPLATE`), instead of running Prisma's
 * CLI four times under a loaded test run. Its data is disposable.
 */
export async function ownTestDatabase(testDatabaseUrl: string, suffix: string): Promise<string> {
  if (!/^[a-z0-9_]{1,30}$/.test(suffix)) throw new Error(`${suffix} is not a database suffix`);
  const url = withDatabase(testDatabaseUrl, `${databaseName(testDatabaseUrl)}_${suffix}`);
  const admin = new pg.Client({ connectionString: withDatabase(testDatabaseUrl, 'postgres') });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [databaseName(url)])).rowCount;
    if (exists && !(await pendingSubgraphs(url)).length) return url;
    // Left by an earlier run of the same file (its sessions are gone with it).
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName(url)}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${databaseName(url)}" TEMPLATE "${databaseName(templateDatabaseUrl(testDatabaseUrl))}"`);
    return url;
  } finally {
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await migrateAll(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/leadwire', false);
}
