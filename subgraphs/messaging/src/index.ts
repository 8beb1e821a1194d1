import {
  createLeadAccess,
  createLoaders,
  createLogger,
  closePubSub,
  createPubSub,
  createLeadDirectory,
  createRouterClient,
  createServiceClient,
  databaseUrlFor,
  startPrismaSubgraph,
  type LeadDirectory,
  type Logger,
  type PlatformEnv,
} from '@leadwire/platform';
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
}

/** Builds and starts the messaging subgraph; `close()` drains it and its connections. */
export async function startMessagingSubgraph({ env, port, log = createLogger('messaging', env.LOG_LEVEL), directory }: MessagingOptions) {
  const { prisma, pool } = createPrisma(databaseUrlFor(env.DATABASE_URL, SCHEMA));
  const pubsub = createPubSub(env.REDIS_URL, (err) => log.warn({ err: err.message }, 'redis unavailable'));
  const router = createRouterClient(env.ROUTER_URL);
  const deps: MessagingDeps = {
    prisma,
    pubsub,
    router,
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
    onClose: () => closePubSub(pubsub),
  });
  return { ...service, prisma };
}
