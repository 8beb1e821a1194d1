import { createLogger, onShutdown, readEnv } from '@leadwire/platform';
import { subgraphUrlsFromEnv } from './config.ts';
import { startRouter } from './index.ts';

const env = readEnv();
const log = createLogger('router', env.LOG_LEVEL);
const router = await startRouter({
  env,
  log,
  port: Number(process.env.PORT ?? 4000),
  subgraphUrls: subgraphUrlsFromEnv(),
  trustProxy: process.env.TRUST_PROXY === '1',
});
onShutdown(log, [() => router.close()]);
