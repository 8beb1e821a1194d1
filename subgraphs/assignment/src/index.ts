import { createBackgroundPool, createLoaders, createLogger, createRouterClient, createServiceClient, databaseUrlFor, startOutboxRelay, startPrismaSubgraph, type Logger, type PlatformEnv } from '@leadwire/platform';
import type { AssignmentDeps, LeadExists } from './context.ts';
import { createPrisma, SCHEMA } from './db.ts';
import { deliverLeadTouched, LEAD_TOUCHED } from './domain/board-notice.ts';
import { verifyPassword } from './domain/secrets.ts';
import { schema } from './schema/index.ts';

export { schema };
export { provisionWorkspace, type ProvisionInput } from './domain/provision.ts';

const LEAD_EXISTS = /* GraphQL */ `query LeadExists($id: ID!) { lead(id: $id) { id } }`;

export interface AssignmentOptions {
  env: PlatformEnv;
  port: number;
  log?: Logger;
  /** Defaults to asking the router; leads belong to the leads subgraph. */
  leadExists?: LeadExists;
}

/** Builds and starts the assignment subgraph; `close()` drains it and its connections. */
export async function startAssignmentSubgraph({ env, port, log = createLogger('assignment', env.LOG_LEVEL), leadExists }: AssignmentOptions) {
  const databaseUrl = databaseUrlFor(env.DATABASE_URL, SCHEMA);
  const { prisma, pool } = createPrisma(databaseUrl);
  const relayPool = createBackgroundPool({ databaseUrl, schema: SCHEMA });
  const router = createRouterClient(env.ROUTER_URL);
  // Prepares login's throwaway hash now, so the first unknown email is not slower than the rest.
  await verifyPassword(null, '');
  const outbox = startOutboxRelay({
    pool: relayPool,
    table: `"${SCHEMA}"."Outbox"`,
    handlers: { [LEAD_TOUCHED]: deliverLeadTouched(createServiceClient(env.ROUTER_URL, env.ROUTER_SIGNING_SECRET)) },
    log,
  });
  const deps: AssignmentDeps = {
    prisma,
    router,
    outbox,
    jwtSecret: env.JWT_SECRET,
    leadExists:
      leadExists ??
      (async (ctx, id) => (await ctx.router<{ lead: { id: string } | null }>(LEAD_EXISTS, { id }, ctx)).lead !== null),
  };
  const service = await startPrismaSubgraph({
    name: 'assignment',
    schema,
    port,
    host: env.HOST,
    signingSecret: env.ROUTER_SIGNING_SECRET,
    log,
    pool,
    prisma,
    context: (base) => ({ ...base, ...deps, loader: createLoaders() }),
    onClose: async () => {
      await outbox.stop();
      await relayPool.end();
    },
  });
  return { ...service, prisma };
}
