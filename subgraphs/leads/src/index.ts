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
import type { LeadsDeps } from './context.ts';
import { createPrisma, SCHEMA } from './db.ts';
import { schema } from './schema/index.ts';

export { schema };

export interface LeadsOptions {
  env: PlatformEnv;
  port: number;
  log?: Logger;
}

/** Builds and starts the leads subgraph; `close()` drains it and its connections. */
export async function startLeadsSubgraph({ env, port, log = createLogger('leads', env.LOG_LEVEL) }: LeadsOptions) {
  const { prisma, pool } = createPrisma(databaseUrlFor(env.DATABASE_URL, SCHEMA));
  const pubsub = createPubSub(env.REDIS_URL, (err) => log.warn({ err: err.message }, 'redis unavailable'));
  const router = createRouterClient(env.ROUTER_URL);
  const deps: LeadsDeps = { prisma, pubsub, router, defaultPhoneRegion: env.DEFAULT_PHONE_REGION };
  const service = await startPrismaSubgraph({
    name: 'leads',
    schema,
    port,
    host: env.HOST,
    signingSecret: env.ROUTER_SIGNING_SECRET,
    log,
    pool,
    prisma,
    context: (base) => ({ ...base, ...deps, loader: createLoaders(), access: createLeadAccess(base, router) }),
    onClose: () => closePubSub(pubsub),
  });
  return { ...service, prisma };
}
