import { describe, expect } from 'vitest';
import { ok } from '../../test/client.ts';
import { test } from '../../test/fixtures.ts';
import { boardEventsSubscription, createApiKey, createLead, revokeApiKey } from '../../test/operations.ts';
import { subscriber } from '../../test/ws-client.ts';

const updateUser = (id: string, input: Record<string, unknown>) => ({
  query: 'mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id active } }',
  variables: { id, input },
});

describe('a credential revoked now stops the subscriptions it opened', () => {
  test('an API key’s open subscription closes with 4403 when the key is revoked, before any new event', async ({ platform, tenant }) => {
    const created = (await ok(tenant.admin.call(createApiKey('Sync', ['LEADS_READ'])))).createApiKey;
    // From the current cursor, so the first event counts however fast the socket opens.
    const head = (await ok(tenant.admin.call({ query: '{ boardCursor }' }))).boardCursor as string;
    const ws = subscriber(platform.wsUrl, { authorization: `Bearer ${created.secret}` }, boardEventsSubscription(head));
    await ok(tenant.admin.call(createLead({ name: 'Before revocation', phone: '+5511987654321' })));
    const [first] = await ws.waitFor(1);
    expect(first!.data.boardEvents.lead.name).toBe('Before revocation');

    await ok(tenant.admin.call(revokeApiKey(created.apiKey.id)));
    expect(await ws.waitForClose()).toBe(4403);
    await ok(tenant.admin.call(createLead({ name: 'After revocation', phone: '+5511987654322' })));
    await new Promise((r) => setTimeout(r, 300));
    expect(ws.results.map((r) => r.data?.boardEvents?.lead?.name)).not.toContain('After revocation');
    await ws.close();
  });

  test('a deactivated user’s subscription closes at once as well', async ({ platform, tenant }) => {
    const [ana] = tenant.consultants;
    const ws = subscriber(platform.wsUrl, { authorization: `Bearer ${ana!.token}` }, boardEventsSubscription());
    await new Promise((r) => setTimeout(r, 300));
    expect(ws.closeCode()).toBeUndefined();
    await ok(tenant.admin.call(updateUser(ana!.id, { active: false })));
    expect(await ws.waitForClose()).toBe(4403);
    await ws.close();
  });
});
