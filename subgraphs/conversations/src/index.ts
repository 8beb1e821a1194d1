import {
  closePubSub,
  createLeadAccess,
  createPubSub,
  createLoaders,
  createLogger,
  createLeadDirectory,
  createRouterClient,
  createServiceClient,
  databaseUrlFor,
  startPrismaSubgraph,
  type LeadDirectory,
  type Logger,
  type PlatformEnv,
} from '@leadwire/platform';
import type { ConversationsDeps } from './context.ts';
import { createPrisma, SCHEMA } from './db.ts';
import { schema } from './schema/index.ts';

export { schema };

export interface ConversationsOptions {
  env: PlatformEnv;
  port: number;
  log?: Logger;
  /** Defaults to asking the leads subgraph through the router. */
  directory?: LeadDirectory;
}

/** Builds and starts the conversations subgraph; `close()` drains it and its connections. */
export async function startConversationsSubgraph({
  env,
  port,
  log = createLogger('conversations', env.LOG_LEVEL),
  directory = createLeadDirectory(createServiceClient(env.ROUTER_URL, env.ROUTER_SIGNING_SECRET), 'conversations'),
}: ConversationsOptions) {
  const { prisma, pool } = createPrisma(databaseUrlFor(env.DATABASE_URL, SCHEMA));
  const pubsub = createPubSub(env.REDIS_URL, (err) => log.warn({ err: err.message }, 'redis unavailable'));
  const router = createRouterClient(env.ROUTER_URL);
  const deps: ConversationsDeps = { prisma, pubsub, router, agentSessionId: env.WHATSAPP_AGENT_SESSION };
  const service = await startPrismaSubgraph({
    name: 'conversations',
    schema,
    port,
    host: env.HOST,
    signingSecret: env.ROUTER_SIGNING_SECRET,
    log,
    pool,
    prisma,
    context: (base) => ({ ...base, ...deps, loader: createLoaders(), access: createLeadAccess(base, router, directory) }),
    onClose: () => closePubSub(pubsub),
  });
  return { ...service, prisma };
}
