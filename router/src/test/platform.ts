import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { readEnv, type PlatformEnv } from '@leadwire/platform';
import { startAssignmentSubgraph } from '../../../subgraphs/assignment/src/index.ts';
import { startConversationsSubgraph } from '../../../subgraphs/conversations/src/index.ts';
import { startLeadsSubgraph } from '../../../subgraphs/leads/src/index.ts';
import { startMessagingSubgraph } from '../../../subgraphs/messaging/src/index.ts';
import { ownTestDatabase } from '../../../scripts/migrate.ts';
import { limitsFromEnv, type RouterLimits, type SubgraphUrls } from '../config.ts';
import { startRouter } from '../index.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Platform {
  env: PlatformEnv;
  routerUrl: string;
  /** The router's internal listener: services' signed identities and `/metrics`. */
  routerInternalUrl: string;
  wsUrl: string;
  subgraphUrls: SubgraphUrls;
  close(): Promise<void>;
}

export interface PlatformOptions {
  limits?: Partial<RouterLimits>;
  trustedProxies?: string[];
  /** Environment overrides, e.g. NODE_ENV, or a Redis database of the test's own. */
  env?: Record<string, string>;
  /** Where media is served from (the connector's MEDIA_DIR). */
  mediaDir?: string;
  /** The messaging subgraph's job relay timings (a short sweep for fault tests). */
  jobRelay?: { pollMs?: number; sweepAfterMs?: number };
  /**
   * A PostgreSQL database of the test file's own (`<test database>_<name>`,
   * copied from the migrated template when missing or behind). Every platform's relays deliver every workspace's
   * jobs and outbox rows of the database they run on, so a test whose
   * connector or workers must see its own jobs cannot share one with
   * platforms running in parallel: their relays would hand its jobs to their
   * own Redis.
   */
  ownDatabase?: string;
}

const testLimits = (overrides: Partial<RouterLimits> = {}): RouterLimits => ({
  ...limitsFromEnv({}), submitPerMinute: 1000, loginPerMinute: 1000, loginPerAccountPerMinute: 1000, subscriptionPollMs: 60_000,
  // Each test platform counts on its own, whatever other runs left in Redis.
  rateLimitNamespace: `rl-test-${randomUUID()}`, ...overrides,
});

/**
 * Another router in front of the same subgraphs and Redis, as a second
 * replica behind one address would be: its own ports, its own sockets.
 */
export async function startExtraRouter(platform: Platform, limits?: Partial<RouterLimits>) {
  const router = await startRouter({
    env: platform.env,
    port: await freePort(),
    internalPort: await freePort(),
    subgraphUrls: platform.subgraphUrls,
    limits: testLimits(limits),
  });
  return { routerUrl: router.url, routerInternalUrl: router.internalUrl, wsUrl: router.wsUrl, close: () => router.close() };
}

/**
 * The whole platform in this process: four subgraphs and the router on free
 * ports, over the real test database and Redis. In-process so that tests can
 * read the SQL statement counter of every subgraph at once.
 */
export async function startPlatform(opts: PlatformOptions = {}): Promise<Platform> {
  const overrides = { ...opts.env };
  if (opts.ownDatabase) {
    overrides.DATABASE_URL = await ownTestDatabase(overrides.DATABASE_URL ?? process.env.DATABASE_URL!, opts.ownDatabase);
  }
  // The router's ports are picked before the subgraphs start (they must know
  // where to call back), so another process may take one meanwhile: start again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPlatformOnce(opts, overrides);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 3) throw err;
    }
  }
}

async function startPlatformOnce(opts: PlatformOptions, overrides: Record<string, string>): Promise<Platform> {
  const [routerPort, internalPort] = [await freePort(), await freePort()];
  const env = readEnv({ ...process.env, ...overrides, ROUTER_URL: `http://127.0.0.1:${internalPort}/graphql` });
  const [leads, conversations, assignment, messaging] = await Promise.all([
    startLeadsSubgraph({ env, port: 0 }),
    startConversationsSubgraph({ env, port: 0 }),
    startAssignmentSubgraph({ env, port: 0 }),
    startMessagingSubgraph({ env, port: 0, jobRelay: opts.jobRelay }),
  ]);
  const subgraphUrls = { leads: leads.url, conversations: conversations.url, assignment: assignment.url, messaging: messaging.url };
  const closeSubgraphs = () => Promise.all([leads.close(), conversations.close(), assignment.close(), messaging.close()]);
  const router = await startRouter({
    env,
    port: routerPort,
    internalPort,
    subgraphUrls,
    trustedProxies: opts.trustedProxies,
    mediaDir: opts.mediaDir,
    limits: testLimits(opts.limits),
  }).catch(async (err) => {
    await closeSubgraphs();
    throw err;
  });
  return {
    env,
    routerUrl: router.url,
    routerInternalUrl: router.internalUrl,
    wsUrl: router.wsUrl,
    subgraphUrls,
    async close() {
      await router.close();
      await closeSubgraphs();
    },
  };
}
