import { createClient, type Client } from 'graphql-ws';
import { describe, expect, vi } from 'vitest';
import WebSocket from 'ws';
import { ok } from '../../test/client.ts';
import { createTenant, test } from '../../test/fixtures.ts';
import { board, boardEventsSubscription } from '../../test/operations.ts';
import { startPlatform } from '../../test/platform.ts';
import { subscriber } from '../../test/ws-client.ts';

/** One socket, many subscriptions: records, per subscription, what it got. */
function socket(url: string, token: string) {
  const client: Client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false });
  const subscriptions: Array<{ errors: unknown[]; stop: () => void }> = [];
  return {
    subscribe() {
      const record = { errors: [] as unknown[], stop: () => undefined as void };
      record.stop = client.subscribe(boardEventsSubscription(), { next: () => undefined, error: (e) => record.errors.push(e), complete: () => undefined });
      subscriptions.push(record);
      return record;
    },
    dispose: () => client.dispose(),
  };
}

const refusedWith = (record: { errors: unknown[] }) => (record.errors[0] as Array<{ extensions?: { code?: string } }> | undefined)?.[0]?.extensions?.code;

describe('subscriptions are bounded per socket and per credential', () => {
  test('past the limits a subscription is refused with TOO_MANY_REQUESTS; closing one frees its slot', async ({ tenant }) => {
    const platform = await startPlatform({ limits: { subscriptionsPerSocket: 3, subscriptionsPerCredential: 5 } });
    const first = socket(platform.wsUrl, tenant.admin.token);
    const second = socket(platform.wsUrl, tenant.admin.token);
    try {
      const mine = [first.subscribe(), first.subscribe(), first.subscribe()];
      const fourth = first.subscribe();
      await vi.waitFor(() => expect(refusedWith(fourth)).toBe('TOO_MANY_REQUESTS'));
      const more = [second.subscribe(), second.subscribe()];
      const sixth = second.subscribe();
      await vi.waitFor(() => expect(refusedWith(sixth)).toBe('TOO_MANY_REQUESTS'));
      for (const record of [...mine, ...more]) expect(record.errors).toEqual([]);

      mine[0]!.stop();
      await new Promise((r) => setTimeout(r, 200));
      const again = second.subscribe();
      await new Promise((r) => setTimeout(r, 300));
      expect(again.errors).toEqual([]);
    } finally {
      await first.dispose();
      await second.dispose();
      await platform.close();
    }
  });

  test('following another workspace’s pipeline closes with 4403 at once', async ({ platform, tenant }) => {
    const other = await createTenant(platform);
    const theirPipeline = (await ok(other.admin.call(board(1)))).board.pipeline.id;
    const op = {
      query: 'subscription($p: ID) { boardEvents(pipelineId: $p) { cursor } }',
      variables: { p: theirPipeline },
    };
    const ws = subscriber(platform.wsUrl, { authorization: `Bearer ${tenant.admin.token}` }, op);
    expect(await ws.waitForClose()).toBe(4403);
    await ws.close();
    // Their own pipeline stays open.
    const mine = (await ok(tenant.admin.call(board(1)))).board.pipeline.id;
    const own = subscriber(platform.wsUrl, { authorization: `Bearer ${tenant.admin.token}` }, { ...op, variables: { p: mine } });
    await new Promise((r) => setTimeout(r, 500));
    expect(own.closeCode()).toBeUndefined();
    await own.close();
  });
});
