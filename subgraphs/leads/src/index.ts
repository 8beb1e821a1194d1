import {
  createLeadAccess,
  createLoaders,
  createLogger,
  closePubSub,
  createBackgroundPool,
  createPubSub,
  createRouterClient,
  createServiceClient,
  databaseUrlFor,
  startOutboxRelay,
  startPrismaSubgraph,
  type Logger,
  type PlatformEnv,
} from '@leadwire/platform';
import type { LeadsDeps } from './context.ts';
import { createPrisma, SCHEMA } from './db.ts';
import { deliverLeadOutcome, LEAD_OUTCOME } from './domain/outcome-notice.ts';
import { schema } from './schema/index.ts';

export { schema };

export interface LeadsOptions {
  env: PlatformEnv;
  port: number;
  log?: Logger;
}

/** Builds and starts the leads subgraph; `close()` drains it and its connections. */
export async function startLeadsSubgraph({ env, port, log = createLogger('leads', env.LOG_LEVEL) }: LeadsOptions) {
  const databaseUrl = databaseUrlFor(env.DATABASE_URL, SCHEMA);
  const { prisma, pool } = createPrisma(databaseUrl);
  const pubsub = createPubSub(env.REDIS_URL, (err) => log.warn({ err: err.message }, 'redis unavailable'));
  const router = createRouterClient(env.ROUTER_URL);
  const relayPool = createBackgroundPool({ databaseUrl, schema: SCHEMA });
  const outbox = startOutboxRelay({
    pool: relayPool,
    table: `"${SCHEMA}"."Outbox"`,
    handlers: { [LEAD_OUTCOME]: deliverLeadOutcome(createServiceClient(env.ROUTER_URL, env.ROUTER_SIGNING_SECRET)) },
    log,
  });
  const deps: LeadsDeps = { prisma, pubsub, router, outbox, defaultPhoneRegion: env.DEFAULT_PHONE_REGION };
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
    onClose: async () => {
      closePubSub(pubsub);
      await outbox.stop();
      await relayPool.end();
    },
  });
  return { ...service, prisma };
}
