import { migrateAll } from './migrate.ts';

// Real PostgreSQL for every test: migrate the test database once per run.
// Tests isolate themselves by creating their own workspace (tenant).
export default async function setup() {
  await migrateAll(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/leadwire_test');
}
