import { describe, expect } from 'vitest';
import { ok, routerCaller } from '../test/client.ts';
import { test } from '../test/fixtures.ts';
import { startPlatform } from '../test/platform.ts';
import { leads, submitLead } from '../test/operations.ts';

describe('router protections and operations surface', () => {
  test('introspection and field suggestions are off outside development', async ({ tenant }) => {
    const res = await tenant.admin.call({ query: '{ __schema { types { name } } }' });
    expect(res.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await tenant.admin.call({ query: '{ leadz { totalCount } }' });
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  test('refuses operations that are too deep or use too many aliases', async ({ tenant }) => {
    const nested = Array.from({ length: 7 }, () => 'pipeline { stages {').join(' ');
    const deep = `{ lead(id: "x") { stage { ${nested} id ${'}'.repeat(17)}`;
    const tooDeep = await tenant.admin.call({ query: deep });
    expect(tooDeep.errors?.[0]?.message).toMatch(/depth/i);
    const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: boardCursor`).join(' ')} }`;
    const tooMany = await tenant.admin.call({ query: aliases });
    expect(tooMany.errors?.[0]?.message).toMatch(/alias/i);
  });

  test('keeps CSRF prevention on for requests a browser could send without preflight', async ({ platform, tenant }) => {
    const res = await fetch(`${platform.routerUrl}?query=${encodeURIComponent('{ boardCursor }')}`, {
      headers: { authorization: `Bearer ${tenant.admin.token}` },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/);
  });

  test('health, readiness, metrics and the correlation id', async ({ platform, tenant }) => {
    const base = platform.routerUrl.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    for (const url of Object.values(platform.subgraphUrls)) {
      expect((await fetch(url.replace('/graphql', '/readyz'))).status).toBe(200);
    }
    const res = await fetch(platform.routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.admin.token}`, 'x-request-id': 'test-correlation-0001' },
      body: JSON.stringify(leads()),
    });
    expect(res.headers.get('x-request-id')).toBe('test-correlation-0001');
    // Metrics live on the internal listener only.
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(platform.routerInternalUrl.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/leadwire_router_operation_duration_seconds_count\{operation="Leads",type="query",outcome="ok"\} \d+/);
  });

  test('landing-page submissions are rate-limited per IP', async ({ tenant }) => {
    const platform = await startPlatform({ limits: { submitPerMinute: 3 } });
    try {
      const landing = routerCaller(platform.routerUrl, { 'x-publishable-key': tenant.publishableKey, origin: 'https://landing.example.com' });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await landing(submitLead({ name: `Visitor ${i}`, phone: `+55119876543${10 + i}`, consent: true }));
        statuses.push(res.status === 200 && !res.errors ? 200 : Number(res.errors?.[0]?.extensions?.http?.status ?? res.status));
        if (res.errors) expect(res.errors[0]!.extensions?.code).toBe('TOO_MANY_REQUESTS');
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.slice(3)).not.toContain(200);
      expect((await ok(tenant.admin.call(leads()))).leads.totalCount).toBe(3);
    } finally {
      await platform.close();
    }
  });
});
