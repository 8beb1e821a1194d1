import { createLogger, onShutdown, readEnv, ROUTER } from '@leadwire/platform';
import { subgraphUrlsFromEnv } from './config.ts';
import { startRouter } from './index.ts';

const env = readEnv();
const log = createLogger('router', env.LOG_LEVEL);
const router = await startRouter({
  env,
  log,
  port: Number(process.env.PORT ?? ROUTER.port),
  internalPort: Number(process.env.INTERNAL_PORT ?? ROUTER.internalPort),
  subgraphUrls: subgraphUrlsFromEnv(),
  trustedProxies: (process.env.TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  mediaDir: process.env.MEDIA_DIR,
});
onShutdown(log, [() => router.close()]);
