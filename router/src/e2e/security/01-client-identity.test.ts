import { randomUUID } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { createConnection } from 'node:net';
import { createIdentitySigner, IDENTITY_HEADER, IDENTITY_TTL_SECONDS, signedRequest, type Identity } from '@leadwire/platform';
import { decodeJwt, SignJWT } from 'jose';
import { describe, expect } from 'vitest';
import { ok, routerCaller } from '../../test/client.ts';
import { test } from '../../test/fixtures.ts';
import { assignLead, boardEventsSubscription, createLead, leads } from '../../test/operations.ts';
import { subscriber } from '../../test/ws-client.ts';

const CASINGS = [IDENTITY_HEADER, 'X-Leadwire-Identity', 'X-LEADWIRE-IDENTITY'];

describe('an identity header from a client is ignored', () => {
  test('a forged admin identity (any casing, any audience) is treated as no credential at all', async ({ platform, tenant }) => {
    await ok(tenant.admin.call(createLead({ name: 'Secret lead' })));
    const sign = createIdentitySigner(platform.env.ROUTER_SIGNING_SECRET);
    const forged: Identity = { kind: 'user', workspaceId: tenant.workspaceId, userId: randomUUID(), role: 'ADMIN' };
    for (const audience of ['router', 'leads']) {
      for (const header of CASINGS) {
        const res = await routerCaller(platform.routerUrl, { [header]: await sign(forged, audience) })(leads());
        expect(res.data?.leads ?? null).toBeNull();
        expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
    }
  });

  test('next to a real credential it changes nothing: a consultant stays a consultant', async ({ platform, tenant }) => {
    const [ana] = tenant.consultants;
    const mine = (await ok(tenant.admin.call(createLead({ name: 'Ana’s' })))).createLead.id;
    await ok(tenant.admin.call(createLead({ name: 'Not Ana’s' })));
    await ok(tenant.admin.call(assignLead(mine, ana!.id)));
    const forged = await createIdentitySigner(platform.env.ROUTER_SIGNING_SECRET)(
      { kind: 'user', workspaceId: tenant.workspaceId, userId: ana!.id, role: 'ADMIN' },
      'router',
    );
    const res = await ok(routerCaller(platform.routerUrl, { authorization: `Bearer ${ana!.token}`, 'X-Leadwire-Identity': forged })(leads()));
    expect(res.leads.edges.map((e: any) => e.node.id)).toEqual([mine]);
  });

  test('over graphql-ws, an identity in the connection params opens nothing', async ({ platform, tenant }) => {
    const token = await createIdentitySigner(platform.env.ROUTER_SIGNING_SECRET)(
      { kind: 'user', workspaceId: tenant.workspaceId, userId: tenant.admin.id, role: 'ADMIN' },
      'router',
    );
    const ws = subscriber(platform.wsUrl, { [IDENTITY_HEADER]: token }, boardEventsSubscription());
    expect(await ws.waitForClose()).toBe(4403);
    await ws.close();
  });
});

describe('identities between services are narrow', () => {
  test('a token minted for one subgraph is refused by every other, and one without an audience by all', async ({ platform, tenant }) => {
    const sign = createIdentitySigner(platform.env.ROUTER_SIGNING_SECRET);
    const admin: Identity = { kind: 'user', workspaceId: tenant.workspaceId, userId: tenant.admin.id, role: 'ADMIN' };
    const forLeads = await sign(admin, 'leads');
    expect((await signedRequest(platform.subgraphUrls.leads, forLeads, leads())).status).toBe(200);
    for (const name of ['conversations', 'assignment', 'messaging'] as const) {
      expect((await signedRequest(platform.subgraphUrls[name], forLeads, { query: '{ __typename }' })).status).toBe(401);
    }
    const unbound = await new SignJWT({ id: admin })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('leadwire-router')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(new TextEncoder().encode(platform.env.ROUTER_SIGNING_SECRET));
    expect((await signedRequest(platform.subgraphUrls.leads, unbound, leads())).status).toBe(401);
  });

  test('tokens live a minute at most and name their audience', async ({ platform }) => {
    const token = await createIdentitySigner(platform.env.ROUTER_SIGNING_SECRET)({ kind: 'anonymous' }, 'leads');
    const claims = decodeJwt(token);
    expect(claims.aud).toBe('leads');
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(IDENTITY_TTL_SECONDS);
    expect(IDENTITY_TTL_SECONDS).toBeLessThanOrEqual(60);
  });

  test('the internal listener takes only signed identities: a session token there is refused', async ({ platform, tenant }) => {
    const res = await routerCaller(platform.routerInternalUrl, { authorization: `Bearer ${tenant.admin.token}` })(leads());
    expect(res.status).toBe(401);
  });

  test('subgraphs and the internal listener answer on loopback only', async ({ platform }) => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    const ports = [...Object.values(platform.subgraphUrls), platform.routerInternalUrl].map((url) => Number(new URL(url).port));
    for (const port of ports) {
      expect(await connects('127.0.0.1', port)).toBe(true);
      // A machine with no other interface has nothing else to listen on.
      if (external) expect(await connects(external, port)).toBe(false);
    }
  });
});

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 1_000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}
