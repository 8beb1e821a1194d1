import { spawnSync } from 'node:child_process';
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

/** Applies every subgraph's Prisma migrations, each into its own schema. */
export async function migrateAll(databaseUrl: string, quiet = true): Promise<void> {
  await ensureDatabase(databaseUrl);
  for (const name of SUBGRAPHS) {
    const dir = join(ROOT, 'subgraphs', name);
    if (!existsSync(join(dir, 'prisma', 'migrations')) || !readdirSync(join(dir, 'prisma', 'migrations')).length) continue;
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'prisma.mjs'), 'migrate', 'deploy'], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(`migrations of ${name} failed:\n${result.stdout}\n${result.stderr}`);
    }
    if (!quiet) process.stdout.write(`migrated ${name}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await migrateAll(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/leadwire', false);
}
