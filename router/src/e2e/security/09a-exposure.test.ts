import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { describe, expect } from 'vitest';
import WebSocket from 'ws';
import { test } from '../../test/fixtures.ts';

describe('what the router exposes is bounded', () => {
  test('random operation names do not grow /metrics without bound', async ({ platform, tenant }) => {
    const names = Array.from({ length: 300 }, () => `Probe_${randomUUID().replaceAll('-', '')}`);
    for (let i = 0; i < names.length; i += 50) {
      await Promise.all(names.slice(i, i + 50).map((name) => tenant.admin.call({ query: `query ${name} { boardCursor }` })));
    }
    await tenant.admin.call({ query: 'query { boardCursor }', variables: {} });
    const text = await (await fetch(platform.routerInternalUrl.replace('/graphql', '/metrics'))).text();
    const labels = new Set([...text.matchAll(/leadwire_router_operation_duration_seconds_count\{operation="([^"]*)"/g)].map((m) => m[1]));
    expect(labels.size).toBeLessThanOrEqual(210);
    expect(labels.has('other')).toBe(true);
    // Names seen first keep their own series.
    expect(labels.has(names[0]!)).toBe(true);
  });

  test('errors do not name the subgraph outside development', async ({ tenant }) => {
    const res = await tenant.admin.call({ query: `mutation { deleteLead(id: "${randomUUID()}") }` });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.errors?.[0]?.extensions).not.toHaveProperty('serviceName');
    expect(JSON.stringify(res.errors)).not.toMatch(/leads|serviceName/);
  });

  test('field suggestions are blocked over graphql-ws as over HTTP', async ({ platform, tenant }) => {
    const http = await tenant.admin.call({ query: 'subscription { boardEvent { cursor } }' });
    expect(http.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const client = createClient({ url: platform.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${tenant.admin.token}` }, retryAttempts: 0 });
    const errors = await new Promise<Array<{ message: string }>>((resolve) => {
      client.subscribe({ query: 'subscription { boardEvent { cursor } }' }, {
        next: () => undefined,
        error: (err) => resolve(err as Array<{ message: string }>),
        complete: () => resolve([]),
      });
    });
    await client.dispose();
    expect(errors[0]?.message).toMatch(/Cannot query field "boardEvent"/);
    expect(errors[0]?.message).not.toMatch(/Did you mean/);
  });
});
