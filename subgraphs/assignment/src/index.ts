import {
  channels,
  closePubSub,
  createBackgroundPool,
  createLoaders,
  createLogger,
  createPubSub,
  createRouterClient,
  createServiceClient,
  databaseUrlFor,
  startOutboxRelay,
  startPrismaSubgraph,
  wake,
  type Logger,
  type PlatformEnv,
} from '@leadwire/platform';
import type { AssignmentDeps, LeadExists } from './context.ts';
import { createPrisma, SCHEMA } from './db.ts';
import { deliverLeadAssigned, LEAD_ASSIGNED } from './domain/assignee-introduction.ts';
import { deliverLeadTouched, LEAD_TOUCHED } from './domain/board-notice.ts';
import { createFirstResponseCheck, type FirstResponseCheck } from './domain/first-response.ts';
import { slaFromEnv, type SlaSettings } from './domain/sla.ts';
import { startSlaSweep } from './domain/sla-sweep.ts';
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
  /** Defaults to ASSIGNMENT_SLA_MINUTES and ASSIGNMENT_SLA_SWEEP_SECONDS (see slaFromEnv). */
  sla?: Partial<SlaSettings>;
  /** Defaults to asking messaging through the router. */
  firstResponse?: FirstResponseCheck;
}

/** Builds and starts the assignment subgraph; `close()` drains it and its connections. */
export async function startAssignmentSubgraph({ env, port, log = createLogger('assignment', env.LOG_LEVEL), leadExists, sla: slaOverrides, firstResponse }: AssignmentOptions) {
  const sla = { ...slaFromEnv(), ...slaOverrides };
  const databaseUrl = databaseUrlFor(env.DATABASE_URL, SCHEMA);
  const { prisma, pool } = createPrisma(databaseUrl);
  const relayPool = createBackgroundPool({ databaseUrl, schema: SCHEMA });
  const router = createRouterClient(env.ROUTER_URL);
  const service = createServiceClient(env.ROUTER_URL, env.ROUTER_SIGNING_SECRET);
  // Prepares login's throwaway hash now, so the first unknown email is not slower than the rest.
  await verifyPassword(null, '');
  const outbox = startOutboxRelay({
    pool: relayPool,
    table: `"${SCHEMA}"."Outbox"`,
    handlers: { [LEAD_TOUCHED]: deliverLeadTouched(service), [LEAD_ASSIGNED]: deliverLeadAssigned(service, prisma) },
    log,
  });
  const pubsub = createPubSub(env.REDIS_URL, (err) => log.warn({ err: err.message }, 'redis unavailable'));
  // Board notices and introductions go through the outbox (leads must hear of
  // every change); the feed's wake-up is best effort (subscribers re-read from
  // their cursor).
  const announce = (workspaceId: string) => {
    outbox.poke();
    void wake(pubsub, channels.assignments(workspaceId), { workspaceId, cursor: '' }, (err) =>
      log.warn({ err }, 'assignment wake-up not published; subscribers catch up on the next one'),
    );
  };
  const deps: AssignmentDeps = {
    prisma,
    router,
    outbox,
    jwtSecret: env.JWT_SECRET,
    slaWindowMs: sla.windowMs,
    announce,
    leadExists:
      leadExists ??
      (async (ctx, id) => (await ctx.router<{ lead: { id: string } | null }>(LEAD_EXISTS, { id }, ctx)).lead !== null),
  };
  const slaPool = createBackgroundPool({ databaseUrl, schema: SCHEMA, max: 1 });
  const slaSweep = startSlaSweep({
    pool: slaPool,
    deps: { prisma, check: firstResponse ?? createFirstResponseCheck(service), windowMs: sla.windowMs, log },
    sweepMs: sla.sweepMs,
    log,
    onChanged: (workspaceIds) => workspaceIds.forEach(announce),
  });
  const subgraph = await startPrismaSubgraph({
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
      await slaSweep.stop();
      await slaPool.end();
      await outbox.stop();
      await relayPool.end();
      closePubSub(pubsub);
    },
  });
  return { ...subgraph, prisma, sla: slaSweep };
}
