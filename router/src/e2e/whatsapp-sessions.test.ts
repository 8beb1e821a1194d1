import { randomBytes, randomUUID } from 'node:crypto';
import { databaseUrlFor } from '@leadwire/platform';
import { describe, expect } from 'vitest';
import { createAuthStore } from '../../../connector/src/sessions/auth-state.ts';
import { createGraphqlAuthBackend } from '../../../connector/src/sessions/graphql-auth-backend.ts';
import { createApiClient } from '../../../connector/src/api-client.ts';
import { createPrisma, SCHEMA } from '../../../subgraphs/assignment/src/db.ts';
import { provisionWorkspace } from '../../../subgraphs/assignment/src/index.ts';
import { bearer, ok, routerCaller, type Caller } from '../test/client.ts';
import { createTenant, TENANT_PASSWORD, test } from '../test/fixtures.ts';
import { createApiKey, login } from '../test/operations.ts';
import type { Platform } from '../test/platform.ts';
import { subscriber } from '../test/ws-client.ts';

const SESSION = 'sessionId role status qr pairingCode phone cursor';
const report = (input: Record<string, unknown>) => ({
  query: `mutation Report($input: ReportWhatsAppSessionInput!) { reportWhatsAppSession(input: $input) { ${SESSION} } }`,
  variables: { input: { sessionId: 'sales-1', role: 'AGENT', ...input } },
});
const sessions = { query: `query { whatsappSessions { ${SESSION} } }`, variables: {} };
const cursor = { query: 'query { whatsappSessionCursor }', variables: {} };
const updated = (after?: string) => ({
  query: `subscription Sessions($after: String) { whatsappSessionUpdated(after: $after) { ${SESSION} } }`,
  variables: after ? { after } : {},
});
const readAuth = { query: 'query { whatsappAuthEntries(sessionId: "sales-1", keys: ["creds"]) { key value } }', variables: {} };
const writeAuth = {
  query: 'mutation { writeWhatsAppAuthEntries(sessionId: "sales-1", entries: [{ key: "creds", value: "AAAA" }]) }',
  variables: {},
};
const clearAuth = { query: 'mutation { clearWhatsAppAuthState(sessionId: "sales-1") }', variables: {} };
const codeOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.[0]?.extensions?.code;

interface ConnectorWorkspace {
  admin: Caller;
  manager: { call: Caller; token: string };
  consultant: { call: Caller; token: string };
  connector: Caller;
  serviceKey: string;
}

/** A workspace with a service key for its connector: there is no API to mint one, so it is provisioned as the seed does. */
async function connectorWorkspace(platform: Platform): Promise<ConnectorWorkspace> {
  const tag = randomUUID().slice(0, 8);
  const serviceKey = `lw_svc_${randomBytes(32).toString('base64url')}`;
  const { prisma, pool } = createPrisma(databaseUrlFor(platform.env.DATABASE_URL, SCHEMA));
  try {
    await provisionWorkspace(prisma, {
      name: `WhatsApp ${tag}`,
      admin: { name: 'Admin', email: `wa-admin-${tag}@test.dev`, password: TENANT_PASSWORD },
      users: [
        { name: 'Manager', email: `wa-manager-${tag}@test.dev`, password: TENANT_PASSWORD, role: 'MANAGER' },
        { name: 'Consultant', email: `wa-consultant-${tag}@test.dev`, password: TENANT_PASSWORD, role: 'CONSULTANT' },
      ],
      serviceKey: { name: 'WhatsApp connector', secret: serviceKey },
    });
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
  const signIn = async (who: string) => {
    const token = (await ok(routerCaller(platform.routerUrl)(login(`wa-${who}-${tag}@test.dev`, TENANT_PASSWORD)))).login.token as string;
    return { token, call: routerCaller(platform.routerUrl, bearer(token)) };
  };
  return {
    admin: (await signIn('admin')).call,
    manager: await signIn('manager'),
    consultant: await signIn('consultant'),
    connector: routerCaller(platform.routerUrl, bearer(serviceKey)),
    serviceKey,
  };
}

describe('WhatsApp sessions through the router', () => {
  test('a manager follows status changes through whatsappSessions and whatsappSessionUpdated', async ({ platform }) => {
    const ws = await connectorWorkspace(platform);
    const start = (await ok(ws.manager.call(cursor))).whatsappSessionCursor as string;
    const live = subscriber(platform.wsUrl, { authorization: `Bearer ${ws.manager.token}` }, updated(start));
    // No cursor: the router starts from the head, so this one sees only what comes next.
    const fromHead = subscriber(platform.wsUrl, { authorization: `Bearer ${ws.manager.token}` }, updated());
    await new Promise((r) => setTimeout(r, 300));

    await ok(ws.connector(report({ status: 'WAITING_FOR_PAIRING', qr: '2@pair-me' })));
    const [waiting] = await live.waitFor(1);
    expect(waiting!.data.whatsappSessionUpdated).toMatchObject({ sessionId: 'sales-1', role: 'AGENT', status: 'WAITING_FOR_PAIRING', qr: '2@pair-me' });
    expect((await ok(ws.manager.call(sessions))).whatsappSessions).toEqual([waiting!.data.whatsappSessionUpdated]);

    await ok(ws.connector(report({ status: 'CONNECTED', phone: '+5511987654321' })));
    const all = await live.waitFor(2);
    expect(all[1]!.data.whatsappSessionUpdated).toMatchObject({ status: 'CONNECTED', qr: null, phone: '+5511987654321' });
    expect(BigInt(all[1]!.data.whatsappSessionUpdated.cursor)).toBeGreaterThan(BigInt(all[0]!.data.whatsappSessionUpdated.cursor));
    const headSeen = await fromHead.waitFor(2);
    expect(headSeen.map((r) => r.data.whatsappSessionUpdated.status)).toEqual(['WAITING_FOR_PAIRING', 'CONNECTED']);
    expect((await ok(ws.admin(sessions))).whatsappSessions.map((s: any) => s.status)).toEqual(['CONNECTED']);

    // Resuming from the first event's cursor replays the change missed meanwhile.
    await live.close();
    const resumed = subscriber(platform.wsUrl, { authorization: `Bearer ${ws.manager.token}` }, updated(all[0]!.data.whatsappSessionUpdated.cursor));
    expect((await resumed.waitFor(1))[0]!.data.whatsappSessionUpdated.status).toBe('CONNECTED');
    await Promise.all([resumed.close(), fromHead.close()]);
  });

  test('a consultant is refused: FORBIDDEN over HTTP, 4403 over graphql-ws, even when resuming', async ({ platform }) => {
    const ws = await connectorWorkspace(platform);
    await ok(ws.connector(report({ status: 'WAITING_FOR_PAIRING', qr: '2@secret-qr' })));
    expect(codeOf(await ws.consultant.call(sessions))).toBe('FORBIDDEN');
    expect(codeOf(await ws.consultant.call(cursor))).toBe('FORBIDDEN');
    for (const op of [updated(), updated('0')]) {
      const sub = subscriber(platform.wsUrl, { authorization: `Bearer ${ws.consultant.token}` }, op);
      expect(await sub.waitForClose()).toBe(4403);
      expect(sub.results).toEqual([]);
      await sub.close();
    }
  });

  test('another workspace sees none of it', async ({ platform }) => {
    const ws = await connectorWorkspace(platform);
    const other = await createTenant(platform);
    const theirs = subscriber(platform.wsUrl, { authorization: `Bearer ${other.admin.token}` }, updated('0'));
    await new Promise((r) => setTimeout(r, 300));
    await ok(ws.connector(report({ status: 'WAITING_FOR_PAIRING', qr: '2@not-yours' })));
    await ok(ws.connector(report({ status: 'CONNECTED' })));
    expect((await ok(other.admin.call(sessions))).whatsappSessions).toEqual([]);
    await new Promise((r) => setTimeout(r, 500));
    expect(theirs.results).toEqual([]);
    expect(theirs.closeCode()).toBeUndefined();
    await theirs.close();
  });

  test('auth state and session reports are for the service key only', async ({ platform }) => {
    const ws = await connectorWorkspace(platform);
    const key = await ok(ws.admin(createApiKey('Everything', ['LEADS_READ', 'LEADS_WRITE', 'MESSAGES_READ', 'MESSAGES_WRITE', 'CONVERSATIONS_READ', 'USERS_READ'])));
    const apiKey = routerCaller(platform.routerUrl, bearer(key.createApiKey.secret));
    for (const caller of [ws.admin, ws.manager.call, ws.consultant.call, apiKey]) {
      for (const op of [readAuth, writeAuth, clearAuth, report({ status: 'STOPPED' })]) expect(codeOf(await caller(op))).toBe('FORBIDDEN');
    }
    expect(codeOf(await routerCaller(platform.routerUrl)(readAuth))).toBe('UNAUTHENTICATED');
    expect((await ok(ws.admin(sessions))).whatsappSessions).toEqual([]);

    // The connector's own backend, with its key, round-trips through the router.
    const backend = createGraphqlAuthBackend(createApiClient({ url: platform.routerUrl, serviceKey: ws.serviceKey }).request);
    const store = createAuthStore({ backend, sessionId: 'sales-1', key: randomBytes(32) });
    const first = await store.load();
    await first.saveCreds();
    expect((await store.load()).state.creds.noiseKey.private).toEqual(first.state.creds.noiseKey.private);
    expect((await ok(ws.connector(readAuth))).whatsappAuthEntries).toHaveLength(1);
    await store.clear();
    expect((await ok(ws.connector(readAuth))).whatsappAuthEntries).toEqual([]);
  });
});
