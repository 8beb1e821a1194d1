import { createServer } from 'node:net';
import { readEnv, type PlatformEnv } from '@leadwire/platform';
import { startAssignmentSubgraph } from '../../../subgraphs/assignment/src/index.ts';
import { startConversationsSubgraph } from '../../../subgraphs/conversations/src/index.ts';
import { startLeadsSubgraph } from '../../../subgraphs/leads/src/index.ts';
import { startMessagingSubgraph } from '../../../subgraphs/messaging/src/index.ts';
import type { RouterLimits, SubgraphUrls } from '../config.ts';
import { startRouter } from '../index.ts';

async function freePort(): Promise<number> {
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
  wsUrl: string;
  subgraphUrls: SubgraphUrls;
  close(): Promise<void>;
}

/**
 * The whole platform in this process: four subgraphs and the router on free
 * ports, over the real test database and Redis. In-process so that tests can
 * read the SQL statement counter of every subgraph at once.
 */
export async function startPlatform(limits?: Partial<RouterLimits>): Promise<Platform> {
  const routerPort = await freePort();
  const env = readEnv({ ...process.env, ROUTER_URL: `http://127.0.0.1:${routerPort}/graphql` });
  const [leads, conversations, assignment, messaging] = await Promise.all([
    startLeadsSubgraph({ env, port: 0 }),
    startConversationsSubgraph({ env, port: 0 }),
    startAssignmentSubgraph({ env, port: 0 }),
    startMessagingSubgraph({ env, port: 0 }),
  ]);
  const subgraphUrls = { leads: leads.url, conversations: conversations.url, assignment: assignment.url, messaging: messaging.url };
  const router = await startRouter({
    env,
    port: routerPort,
    subgraphUrls,
    limits: { submitPerMinute: 1000, loginPerMinute: 1000, subscriptionPollMs: 60_000, ...limits },
  });
  return {
    env,
    routerUrl: router.url,
    wsUrl: router.wsUrl,
    subgraphUrls,
    async close() {
      await router.close();
      await Promise.all([leads.close(), conversations.close(), assignment.close(), messaging.close()]);
    },
  };
}
