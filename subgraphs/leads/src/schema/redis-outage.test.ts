import { randomUUID } from 'node:crypto';
import { callSubgraph } from '@leadwire/platform/testing';
import { describe, expect, it } from 'vitest';
import { startLeadsSubgraph } from '../index.ts';
import { env } from '../test/fixtures.ts';
import { boardEventsSince, createLead, moveLead } from '../test/operations.ts';

describe('when Redis is down', () => {
  it('still writes leads and their events; subscribers catch up from the log later', async () => {
    // Nothing listens on port 1: every publish fails.
    const subgraph = await startLeadsSubgraph({ env: { ...env, REDIS_URL: 'redis://127.0.0.1:1' }, port: 0 });
    try {
      const admin = { kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' } as const;
      const call = (op: { query: string; variables?: Record<string, unknown> }) => callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, admin, op);
      const created = await call(createLead({ name: 'Written anyway' }));
      expect(created.errors).toBeUndefined();
      const stage = (await call({ query: '{ pipelines { stages { id } } }' })).data.pipelines[0].stages[1].id;
      expect((await call(moveLead(created.data.createLead.id, stage, 0))).errors).toBeUndefined();
      const events = (await call(boardEventsSince(null))).data.boardEventsSince;
      expect(events.map((e: { type: string }) => e.type)).toEqual(['CREATED', 'MOVED']);
    } finally {
      await subgraph.close();
    }
  });
});
