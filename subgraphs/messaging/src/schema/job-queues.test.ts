import { randomUUID } from 'node:crypto';
import type { Identity } from '@leadwire/platform';
import { callSubgraph, directoryDouble } from '@leadwire/platform/testing';
import { describe, expect, test } from 'vitest';
import { startMessagingSubgraph } from '../index.ts';
import { env } from '../test/fixtures.ts';

const JOB_QUEUES = { query: '{ jobQueues { name open unrelayed relayLagSeconds waiting failed redisAvailable } }', variables: {} };

describe('jobQueues', () => {
  test('answers with what PostgreSQL knows while Redis is unreachable, and the subgraph still closes', async () => {
    // Nothing listens on port 1: Redis is down from the start.
    const subgraph = await startMessagingSubgraph({ env: { ...env, REDIS_URL: 'redis://127.0.0.1:1' }, port: 0, directory: directoryDouble().directory });
    try {
      const admin: Identity = { kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' };
      const res = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, admin, JOB_QUEUES);
      expect(res.errors).toBeUndefined();
      expect(res.data.jobQueues.map((q: { name: string }) => q.name).sort()).toEqual(['outbound', 'qualification']);
      for (const q of res.data.jobQueues) expect(q).toMatchObject({ redisAvailable: false, waiting: null, failed: null });
    } finally {
      await subgraph.close();
    }
  });
});
