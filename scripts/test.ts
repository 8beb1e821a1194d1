// `npm test`: find PostgreSQL and Redis the way `npm start` does (scripts/infra.ts),
// point the tests at them, run the root Vitest config and exit with its code.
//   npm test -- schema        (extra arguments go to `vitest run`)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfraUnavailable, resolveInfra } from './infra.ts';

const ROOT = join(import.meta.dirname, '..');
const env = process.env;

let infra;
try {
  infra = await resolveInfra({
    env: { DATABASE_URL: env.TEST_DATABASE_URL ?? env.DATABASE_URL, REDIS_URL: env.TEST_REDIS_URL ?? env.REDIS_URL },
  });
} catch (err) {
  console.error(err instanceof InfraUnavailable ? err.message : err);
  process.exit(1);
}
for (const line of infra.description) console.log(line);

const testDatabase = new URL(infra.databaseUrl);
if (!env.TEST_DATABASE_URL) testDatabase.pathname = '/leadwire_test';
// Tests queue real jobs (sends, qualification): keep them out of the Redis
// database `npm start` uses, where a running connector would pick them up.
// Fault tests that flush or fill Redis use databases 7-11 of their own.
const testRedis = new URL(infra.redisUrl);
if (!env.TEST_REDIS_URL) testRedis.pathname = '/1';

// The JSON report feeds the one-line summary CI reads at the end.
const report = join(ROOT, 'node_modules', '.cache', 'vitest-report.json');
const reporters = ['--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
const vitest = spawn(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...reporters, ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...env, TEST_DATABASE_URL: testDatabase.toString(), TEST_REDIS_URL: env.TEST_REDIS_URL ?? testRedis.toString() },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => vitest.kill(signal));
const code = await new Promise<number>((resolve) => vitest.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await infra.stop();
try {
  const totals = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  console.log(`${totals.numPassedTests} passed, ${totals.numFailedTests} failed, ${totals.numPendingTests} skipped`);
} catch {
  // No report: Vitest failed before running; its own output says why.
}
process.exit(code);
