import {
  createLeadAccess,
  createLoaders,
  createLogger,
  closePubSub,
  createPubSub,
  createRouterClient,
  databaseUrlFor,
  startPrismaSubgraph,
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
}

/** Builds and starts the messaging subgraph; `close()` drains it and its connections. */
export async function startMessagingSubgraph({ env, port, log = createLogger('messaging', env.LOG_LEVEL) }: MessagingOptions) {
  const { prisma, pool } = createPrisma(databaseUrlFor(env.DATABASE_URL, SCHEMA));
  const pubsub = createPubSub(env.REDIS_URL, (err) => log.warn({ err: err.message }, 'redis unavailable'));
  const router = createRouterClient(env.ROUTER_URL);
  const deps: MessagingDeps = { prisma, pubsub, router };
  const service = await startPrismaSubgraph({
    name: 'messaging',
    schema,
    port,
    signingSecret: env.ROUTER_SIGNING_SECRET,
    log,
    pool,
    prisma,
    context: (base) => ({ ...base, ...deps, loader: createLoaders(), access: createLeadAccess(base, router) }),
    onClose: () => closePubSub(pubsub),
  });
  return { ...service, prisma };
}
