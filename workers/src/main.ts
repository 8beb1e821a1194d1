import { createLogger, onShutdown, readEnv, startService, WORKERS } from '@leadwire/platform';
import { startQualificationWorker } from './qualification-worker.ts';

// The platform's queue workers in one process. The qualification worker is a
// placeholder that marks each message seen, until the AI agent takes the queue.
const env = readEnv();
const log = createLogger('workers', env.LOG_LEVEL);
const qualification = startQualificationWorker({ redisUrl: env.REDIS_URL, routerUrl: env.ROUTER_URL, signingSecret: env.ROUTER_SIGNING_SECRET, log });
const service = await startService({
  name: 'workers',
  port: Number(process.env.PORT ?? WORKERS.port),
  host: env.HOST,
  log,
  graphql: async (_req, res) => void res.writeHead(404).end(),
  ready: async () => qualification.worker.isRunning(),
});
log.info({ url: service.url.replace('/graphql', '') }, 'workers running');
onShutdown(log, [() => service.close(), () => qualification.close()]);
