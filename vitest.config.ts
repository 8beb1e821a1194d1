import { defineConfig } from 'vitest/config';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/leadwire_test';

export default defineConfig({
  test: {
    include: ['{packages,subgraphs,router,connector,workers,schema,web}/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['./scripts/test-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    },
  },
});
