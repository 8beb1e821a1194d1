import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { ok, routerCaller } from '../test/client.ts';
import { LANDING_ORIGIN, test } from '../test/fixtures.ts';
import { createApiKey, createLead } from '../test/operations.ts';
import { subscriber } from '../test/ws-client.ts';

const ENSURE = { query: 'mutation($c: [WhatsAppContactInput!]!) { ensureWhatsAppLeads(contacts: $c) { leadId } }', variables: { c: [{ phone: '+5511987650801' }] } };
const DONE = { query: 'mutation($ids: [ID!]!) { markJobsDone(queue: "qualification", ids: $ids) }', variables: { ids: [randomUUID()] } };
const codeOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.[0]?.extensions?.code;

describe('the WhatsApp surfaces refuse whoever is not meant to use them', () => {
  test('only the connector’s service key may create WhatsApp leads or mark jobs done', async ({ platform, tenant }) => {
    const key = (await ok(tenant.admin.call(createApiKey('writer', ['LEADS_WRITE', 'MESSAGES_WRITE'])))).createApiKey.secret;
    const callers = [tenant.admin.call, tenant.consultants[0]!.call, routerCaller(platform.routerUrl, { authorization: `Bearer ${key}` })];
    for (const call of callers) {
      expect(codeOf(await call(ENSURE))).toBe('FORBIDDEN');
      expect(codeOf(await call(DONE))).toBe('FORBIDDEN');
    }
    expect(codeOf(await routerCaller(platform.routerUrl)(ENSURE))).toBe('UNAUTHENTICATED');
    // Nothing was created.
    expect((await ok(tenant.admin.call({ query: '{ leads { totalCount } }' }))).leads.totalCount).toBe(0);
  });

  test('messageUpdated on a lead a consultant does not hold closes with 4403', async ({ platform, tenant }) => {
    const leadId = (await ok(tenant.admin.call(createLead({ name: 'Not Ana’s', phone: '+5511987650802' })))).createLead.id;
    const ws = subscriber(
      platform.wsUrl,
      { authorization: `Bearer ${tenant.consultants[0]!.token}` },
      { query: 'subscription($l: ID!) { messageUpdated(leadId: $l) { id status } }', variables: { l: leadId } },
    );
    expect(await ws.waitForClose()).toBe(4403);
    await ws.close();
  });

  test('/media refuses a landing page’s publishable key, and an id that names nothing is 404', async ({ platform, tenant }) => {
    const url = new URL(`/media/${randomUUID()}`, platform.routerUrl);
    const landing = await fetch(url, { headers: { 'x-publishable-key': tenant.publishableKey, origin: LANDING_ORIGIN } });
    expect(landing.status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${tenant.admin.token}` } })).status).toBe(404);
  });
});
