#!/usr/bin/env node
// Runs the Prisma CLI offline. Prisma wants native engine files at first use
// and downloads them from a host this project's machines cannot reach; with
// `engine: "js"` and the `prisma-client` generator nothing native is executed,
// so pointing the variables at any existing file is enough.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= self;
env.PRISMA_QUERY_ENGINE_LIBRARY ??= self;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
env.CHECKPOINT_DISABLE = '1';
env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/leadwire';

const require = createRequire(`${process.cwd()}/package.json`);
const cli = require.resolve('prisma/build/index.js');
const preload = fileURLToPath(new URL('./prisma-unref-timers.cjs', import.meta.url));
const result = spawnSync(process.execPath, ['--require', preload, cli, ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
