import {
  createLeadAccess,
  createLoaders,
  createLogger,
  closePubSub,
  createPubSub,
  createBackgroundPool,
  createLeadDirectory,
  JOB_NAMES,
  QUEUES,
  createRouterClient,
  createServiceClient,
  databaseUrlFor,
  startPrismaSubgraph,
  type LeadDirectory,
  type Logger,
  type PlatformEnv,
} from '@leadwire/platform';
import { startJobRelay, type JobRelayOptions } from '@leadwire/platform/job-relay';
import type { MessagingDeps } from './context.ts';
import { createPrisma, SCHEMA } from './db.ts';
import { schema } from './schema/index.ts';

export { schema };

export interface MessagingOptions {
  env: PlatformEnv;
  port: number;
  log?: Logger;
  /** Defaults to asking the owners through the router. */
  directory?: LeadDirectory;
  /** Relay timings (tests shorten the sweep). */
  jobRelay?: Pick<JobRelayOptions, 'pollMs' | 'sweepAfterMs'>;
}

/** Builds and starts the messaging subgraph; `close()` drains it and its connections. */
export async function startMessagingSubgraph({ env, port, log = createLogger('messaging', env.LOG_LEVEL), directory, jobRelay }: MessagingOptions) {
  const { prisma, pool } = createPrisma(databaseUrlFor(env.DATABASE_URL, SCHEMA));
  const pubsub = createPubSub(env.REDIS_URL, (err) => log.warn({ err: err.message }, 'redis unavailable'));
  const router = createRouterClient(env.ROUTER_URL);
  const jobs = startJobRelay({
    pool: createBackgroundPool({ databaseUrl: databaseUrlFor(env.DATABASE_URL, SCHEMA), schema: SCHEMA }),
    table: `"${SCHEMA}"."QueuedJob"`,
    redisUrl: env.REDIS_URL,
    queues: {
      [QUEUES.qualification]: { jobName: JOB_NAMES.qualification, attempts: 5 },
      [QUEUES.outbound]: { jobName: JOB_NAMES.outbound, attempts: 5, backoffMs: 2_000 },
    },
    log,
    ...jobRelay,
  });
  const deps: MessagingDeps = {
    prisma,
    pubsub,
    router,
    jobs,
    teamSessionId: env.WHATSAPP_TEAM_SESSION,
    defaultPhoneRegion: env.DEFAULT_PHONE_REGION,
    directory: directory ?? createLeadDirectory(createServiceClient(env.ROUTER_URL, env.ROUTER_SIGNING_SECRET), 'messaging'),
  };
  const service = await startPrismaSubgraph({
    name: 'messaging',
    schema,
    port,
    host: env.HOST,
    signingSecret: env.ROUTER_SIGNING_SECRET,
    log,
    pool,
    prisma,
    context: (base) => ({ ...base, ...deps, loader: createLoaders(), access: createLeadAccess(base, router, deps.directory) }),
    onClose: async () => {
      closePubSub(pubsub);
      await jobs.stop();
    },
  });
  return { ...service, prisma, jobs };
}
