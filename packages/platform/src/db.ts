import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

/**
 * Process-wide count of SQL statements sent to PostgreSQL. Tests read it to
 * prove that a query's statement count does not grow with its result size.
 */
export const sqlStatements = { count: 0 };

class CountingClient extends pg.Client {
  // pg's overloads make a faithful override noisy; counting is all we add.
  override query(...args: any[]): any {
    sqlStatements.count += 1;
    return (super.query as (...a: any[]) => any)(...args);
  }
}

export interface PgAdapterOptions {
  databaseUrl: string;
  schema: string;
  max?: number;
}

/** One pg pool per subgraph process, wrapped as Prisma's driver adapter. */
export function createPgAdapter({ databaseUrl, schema, max = 10 }: PgAdapterOptions) {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    Client: CountingClient,
    max,
    options: `-c search_path=${schema}`,
  });
  // An idle client losing its connection (a PostgreSQL restart) must not crash
  // the process: the pool drops it and the next query opens a fresh one.
  pool.on('error', () => undefined);
  return { adapter: new PrismaPg(pool, { schema }), pool };
}

/**
 * A small pool for background work (the outbox relay): outside the statement
 * counter, which measures what requests cost.
 */
export function createBackgroundPool({ databaseUrl, schema, max = 2 }: PgAdapterOptions): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, options: `-c search_path=${schema}` });
  pool.on('error', () => undefined);
  return pool;
}
