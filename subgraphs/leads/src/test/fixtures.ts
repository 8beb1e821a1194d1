import { randomUUID } from 'node:crypto';
import { readEnv, type Identity } from '@leadwire/platform';
import { callSubgraph, type Operation } from '@leadwire/platform/testing';
import { test as base } from 'vitest';
import { ownTestDatabase } from '../../../../scripts/migrate.ts';
import { startLeadsSubgraph } from '../index.ts';

type Subgraph = Awaited<ReturnType<typeof startLeadsSubgraph>>;

export interface LeadsFixtures {
  subgraph: Subgraph;
  /** A manager of a fresh workspace: every test gets its own tenant. */
  workspace: { id: string; manager: Identity; call: <T = any>(op: Operation) => ReturnType<typeof callSubgraph<T>> };
}

const env = readEnv();

export const test = base.extend<{ subgraph: Subgraph; workspace: LeadsFixtures['workspace'] }>({
  subgraph: [
    async ({}, use) => {
      const subgraph = await startLeadsSubgraph({ env, port: 0 });
      await use(subgraph);
      await subgraph.close();
    },
    { scope: 'worker' },
  ],
  workspace: async ({ subgraph }, use) => {
    const id = randomUUID();
    const manager: Identity = { kind: 'user', workspaceId: id, userId: randomUUID(), role: 'MANAGER' };
    await use({ id, manager, call: (op) => callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, manager, op) });
  },
});

/**
 * The same fixtures over a database of the file's own (`<test database>_<suffix>`).
 * For tests that leave many outbox rows: every process's relay drains the
 * whole table of its database, so in the shared one they would hold up the
 * deliveries other test files wait for.
 */
export const testInOwnDatabase = (suffix: string) =>
  test.extend<{ subgraph: Subgraph }>({
    subgraph: [
      async ({}, use) => {
        const url = await ownTestDatabase(env.DATABASE_URL, suffix);
        const subgraph = await startLeadsSubgraph({ env: { ...env, DATABASE_URL: url }, port: 0 });
        await use(subgraph);
        await subgraph.close();
      },
      { scope: 'worker' },
    ],
  });

export { env };
