import { createIdentitySigner, IDENTITY_HEADER } from '@leadwire/platform';
import { describe, expect } from 'vitest';
import { bearer, ok, routerCaller } from '../test/client.ts';
import { createTenant, DEMO_ADMIN, LANDING_ORIGIN, test } from '../test/fixtures.ts';
import {
  assignLead,
  board,
  createApiKey,
  createLead,
  lead,
  leads,
  login,
  revokeApiKey,
  submitLead,
} from '../test/operations.ts';

const entities = (id: string) => ({
  query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Lead { id name } } }',
  variables: { r: [{ __typename: 'Lead', id }] },
});

describe('authentication and access through the router', () => {
  test('the seeded admin logs in; a wrong password is refused', async ({ platform }) => {
    const anonymous = routerCaller(platform.routerUrl);
    const good = await ok(anonymous(login(DEMO_ADMIN.email, DEMO_ADMIN.password)));
    expect(good.login.user.role).toBe('ADMIN');
    expect(good.login.token.split('.')).toHaveLength(3);
    const bad = await anonymous(login(DEMO_ADMIN.email, 'wrong-password'));
    expect(bad.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await routerCaller(platform.routerUrl, bearer(`${good.login.token}x`))(board());
    expect(forged.status).toBe(401);
  });

  test('a landing page submits a lead that then appears on the board', async ({ tenant }) => {
    const res = await tenant.landing(
      submitLead({ name: 'Joana Prado', phone: '(31) 99123-4567', consent: true, productInterest: 'REAL_ESTATE', dealValue: 450000 }),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.submitLead.ok).toBe(true);
    const columns = (await ok(tenant.admin.call(board()))).board.columns;
    const card = columns.flatMap((c: any) => c.leads).find((l: any) => l.name === 'Joana Prado');
    expect(card).toMatchObject({ phone: '+5531991234567', dealValue: 450000, position: 0 });
    expect(columns[0].count).toBe(1);
  });

  test('a landing page key works only from its origins, only for submitLead, and bots are dropped', async ({ platform, tenant }) => {
    const elsewhere = routerCaller(platform.routerUrl, { 'x-publishable-key': tenant.publishableKey, origin: 'https://evil.example' });
    const wrongOrigin = await elsewhere(submitLead({ name: 'X', phone: '+5511987654321', consent: true }));
    expect(wrongOrigin.status).toBe(403);
    const read = await tenant.landing(leads());
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bot = await tenant.landing(submitLead({ name: 'Bot', phone: '+5511987654321', consent: true, website: 'http://spam' }));
    expect(bot.data.submitLead.ok).toBe(true);
    expect((await ok(tenant.admin.call(leads()))).leads.totalCount).toBe(0);
  });

  test('an API key is limited to its scopes and stops working when revoked', async ({ platform, tenant }) => {
    const created = await ok(tenant.admin.call(createApiKey('CRM sync', ['LEADS_READ'])));
    const key = routerCaller(platform.routerUrl, { authorization: `Bearer ${created.createApiKey.secret}` });
    expect((await ok(key(leads()))).leads.totalCount).toBe(0);
    const write = await key(createLead({ name: 'Refused' }));
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await ok(tenant.admin.call(leads()))).leads.totalCount).toBe(0);
    await ok(tenant.admin.call(revokeApiKey(created.createApiKey.apiKey.id)));
    const revoked = await routerCaller(platform.routerUrl, { 'x-api-key': created.createApiKey.secret })(leads());
    expect(revoked.status).toBe(401);
  });

  test('a consultant reads only leads assigned to them, also not through _entities', async ({ platform, tenant }) => {
    const { admin, consultants } = tenant;
    const mine = (await ok(admin.call(createLead({ name: 'Assigned to Ana' })))).createLead.id;
    const theirs = (await ok(admin.call(createLead({ name: 'Assigned to Bruno' })))).createLead.id;
    await ok(admin.call(assignLead(mine, consultants[0]!.id)));
    await ok(admin.call(assignLead(theirs, consultants[1]!.id)));
    const ana = consultants[0]!;
    expect((await ok(ana.call(lead(mine)))).lead.name).toBe('Assigned to Ana');
    expect((await ok(ana.call(lead(theirs)))).lead).toBeNull();
    const list = (await ok(ana.call(leads()))).leads;
    expect(list.edges.map((e: any) => e.node.id)).toEqual([mine]);
    // Straight to the leads subgraph with a genuine router signature for Ana.
    const sign = createIdentitySigner(platform.env.ROUTER_SIGNING_SECRET);
    const header = await sign({ kind: 'user', workspaceId: tenant.workspaceId, userId: ana.id, role: 'CONSULTANT' }, 'leads');
    const viaEntities = await routerCaller(platform.subgraphUrls.leads, { [IDENTITY_HEADER]: header })(entities(theirs));
    expect(viaEntities.data._entities).toEqual([null]);
    const ownViaEntities = await routerCaller(platform.subgraphUrls.leads, { [IDENTITY_HEADER]: header })(entities(mine));
    expect(ownViaEntities.data._entities[0].id).toBe(mine);
  });

  test('a second workspace sees none of the first one’s leads', async ({ platform, tenant }) => {
    const id = (await ok(tenant.admin.call(createLead({ name: 'Private lead' })))).createLead.id;
    const other = await createTenant(platform);
    expect((await ok(other.admin.call(leads()))).leads.totalCount).toBe(0);
    expect((await ok(other.admin.call(lead(id)))).lead).toBeNull();
    const otherBoard = (await ok(other.admin.call(board()))).board;
    expect(otherBoard.columns.reduce((n: number, c: any) => n + c.count, 0)).toBe(0);
    const move = await other.admin.call({ query: 'mutation($id: ID!) { deleteLead(id: $id) }', variables: { id } });
    expect(move.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await ok(tenant.admin.call(lead(id)))).lead.name).toBe('Private lead');
  });

  test('subgraphs refuse requests that did not come through the router', async ({ platform }) => {
    for (const url of Object.values(platform.subgraphUrls)) {
      const res = await routerCaller(url)(leads());
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  test('invalid phone or CPF is refused with BAD_USER_INPUT naming the field, and nothing is stored', async ({ tenant }) => {
    const phone = await tenant.admin.call(createLead({ name: 'Bad phone', phone: '12345' }));
    expect(phone.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phone' });
    const cpf = await tenant.admin.call(createLead({ name: 'Bad CPF', cpf: '123.456.789-00' }));
    expect(cpf.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.cpf' });
    const landing = await tenant.landing(submitLead({ name: 'Bad', phone: 'call me', consent: true }));
    expect(landing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phone' });
    expect((await ok(tenant.admin.call(leads()))).leads.totalCount).toBe(0);
  });

  test('CORS preflight answers the landing page origin', async ({ platform }) => {
    const res = await fetch(platform.routerUrl, {
      method: 'OPTIONS',
      headers: { origin: LANDING_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-publishable-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(LANDING_ORIGIN);
    expect(res.headers.get('access-control-allow-headers')).toContain('x-publishable-key');
  });
});

describe('sessions follow the account', () => {
  const updateUser = (id: string, input: Record<string, unknown>) => ({
    query: 'mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id role active } }',
    variables: { id, input },
  });

  test('deactivating a user ends their open sessions at once; a role change applies to them too', async ({ tenant }) => {
    const { admin, consultants } = tenant;
    const leadId = (await ok(admin.call(createLead({ name: 'Visible to managers' })))).createLead.id;
    const [ana, bruno] = consultants;
    expect((await ok(ana!.call(lead(leadId)))).lead).toBeNull();
    await ok(admin.call(updateUser(ana!.id, { role: 'MANAGER' })));
    // Same token, new role: managers see every lead.
    expect((await ok(ana!.call(lead(leadId)))).lead.id).toBe(leadId);
    expect((await ok(bruno!.call(leads()))).leads.totalCount).toBe(0);
    await ok(admin.call(updateUser(bruno!.id, { active: false })));
    const refused = await bruno!.call(leads());
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
