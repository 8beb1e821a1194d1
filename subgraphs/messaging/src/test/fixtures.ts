import { randomUUID } from 'node:crypto';
import { readEnv, type Identity } from '@leadwire/platform';
import { callSubgraph, directoryDouble, type Operation } from '@leadwire/platform/testing';
import { test as base } from 'vitest';
import { startMessagingSubgraph } from '../index.ts';

type Subgraph = Awaited<ReturnType<typeof startMessagingSubgraph>>;
type Call = <T = any>(op: Operation) => ReturnType<typeof callSubgraph<T>>;

export interface MessagingFixtures {
  subgraph: Subgraph;
  /** A fresh workspace per test: its manager, and the connector's service identity. */
  workspace: { id: string; manager: Identity; service: Identity; call: Call; asService: Call; as: (who: Identity) => Call };
}

/** Which leads and threads exist, as the leads and conversations subgraphs would say. */
export const world = directoryDouble();

const env = readEnv();

export const test = base.extend<{ subgraph: Subgraph; workspace: MessagingFixtures['workspace'] }>({
  subgraph: [
    async ({}, use) => {
      const subgraph = await startMessagingSubgraph({ env, port: 0, directory: world.directory });
      await use(subgraph);
      await subgraph.close();
    },
    { scope: 'worker' },
  ],
  workspace: async ({ subgraph }, use) => {
    const id = randomUUID();
    const manager: Identity = { kind: 'user', workspaceId: id, userId: randomUUID(), role: 'MANAGER' };
    const service: Identity = { kind: 'service', workspaceId: id, keyId: 'connector' };
    const as = (who: Identity): Call => (op) => callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, who, op);
    await use({ id, manager, service, call: as(manager), asService: as(service), as });
  },
});

export { env };
