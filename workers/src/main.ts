import { createLogger, createServiceClient, onShutdown, readEnv, startService, WORKERS } from '@leadwire/platform';
import { createAgent } from './agent/agent.ts';
import { readWorkersConfig } from './config.ts';
import { configuredProviders } from './agent/providers/index.ts';
import { createQualificationHandler } from './qualification/qualification-handler.ts';
import { startQualificationWorker } from './qualification-worker.ts';

// The platform's queue workers in one process: the AI qualification agent on
// the `qualification` queue (rules provider by default; openai when
// OPENAI_BASE_URL or OPENAI_API_KEY is set, with rules answering past its deadline).
const env = readEnv();
const log = createLogger('workers', env.LOG_LEVEL);
const config = readWorkersConfig();
const providers = configuredProviders(process.env);
const qualification = startQualificationWorker({
  redisUrl: env.REDIS_URL,
  routerUrl: env.ROUTER_URL,
  signingSecret: env.ROUTER_SIGNING_SECRET,
  log,
  concurrency: config.QUALIFICATION_CONCURRENCY,
  handle: createQualificationHandler({
    request: createServiceClient(env.ROUTER_URL, env.ROUTER_SIGNING_SECRET),
    agent: createAgent({ providers }),
    log,
    burstMs: config.AGENT_BURST_MS,
    agentSessionId: env.WHATSAPP_AGENT_SESSION,
  }),
});
const service = await startService({
  name: 'workers',
  port: Number(process.env.PORT ?? WORKERS.port),
  host: env.HOST,
  log,
  graphql: async (_req, res) => void res.writeHead(404).end(),
  ready: async () => qualification.worker.isRunning(),
});
log.info({ url: service.url.replace('/graphql', ''), providers: providers.map((p) => p.name) }, 'workers running');
onShutdown(log, [() => service.close(), () => qualification.close()]);
