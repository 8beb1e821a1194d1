import { migrateAll, templateDatabaseUrl } from './migrate.ts';
import { seedDemoWorkspace } from './seed.ts';

// Real PostgreSQL for every test: migrate the test database once per run and
// seed the demo accounts (the end-to-end tests log in as its platform admin).
// Tests isolate themselves by creating their own workspace (tenant).
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/leadwire_test';
  // Tests' own databases are copies of this one (ownTestDatabase): migrated, never connected to.
  await migrateAll(templateDatabaseUrl(url));
  await migrateAll(url);
  await seedDemoWorkspace(url, () => undefined);
}
