import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { defineConfig } from 'prisma/config';

const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/leadwire';

async function ensureSchema(connectionString: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

/**
 * Every subgraph's prisma.config.ts. Migrations run through Prisma's
 * WebAssembly schema engine over the pg driver adapter, so no native engine
 * download is needed. The session's search_path keeps `_prisma_migrations`
 * in the subgraph's own PostgreSQL schema, so four subgraphs sharing one
 * database never see each other's migration history.
 */
export function definePrismaConfig(schema: string) {
  return defineConfig({
    engine: 'js',
    experimental: { adapter: true },
    schema: 'prisma/schema.prisma',
    migrations: { path: 'prisma/migrations' },
    adapter: async () => {
      const connectionString = process.env.DATABASE_URL ?? DEFAULT_URL;
      await ensureSchema(connectionString, schema);
      return new PrismaPg({ connectionString, options: `-c search_path=${schema}` }, { schema });
    },
  });
}
