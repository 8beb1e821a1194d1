import { randomUUID } from 'node:crypto';
import type { Identity } from '@leadwire/platform';
import { callSubgraph } from '@leadwire/platform/testing';
import { describe, expect } from 'vitest';
import { env, test } from '../test/fixtures.ts';
import { createLead, entities, leads } from '../test/operations.ts';

describe('leads', () => {
  test('creates a lead with a normalized phone and a region derived from it', async ({ workspace }) => {
    const res = await workspace.call(createLead({ name: 'Maria Souza', phone: '(11) 98765-4321', cpf: '529.982.247-25' }));
    expect(res.errors).toBeUndefined();
    expect(res.data.createLead).toMatchObject({ phone: '+5511987654321', cpf: '52998224725', region: 'BR-SP', position: 0 });
    expect(res.data.createLead.stage.name).toBe('Novo');
  });

  test.for([
    [{ name: 'X', phone: '123' }, 'input.phone'],
    [{ name: 'X', cpf: '111.111.111-11' }, 'input.cpf'],
    [{ name: 'X', cpf: '529.982.247-24' }, 'input.cpf'],
    [{ name: 'X', email: 'not-an-email' }, 'input.email'],
    [{ name: '' }, 'input.name'],
    [{ name: 'X', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'input.tags'],
  ] as const)('refuses %j with BAD_USER_INPUT on %s and stores nothing', async ([input, field], { workspace }) => {
    const res = await workspace.call(createLead(input));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const after = await workspace.call(leads());
    expect(after.data.leads.totalCount).toBe(0);
  });

  test('a workspace never sees another workspace’s leads, also not through _entities', async ({ subgraph, workspace }) => {
    const created = await workspace.call(createLead({ name: 'Only mine' }));
    const other = { kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' } as const;
    const list = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, other, leads());
    expect(list.data.leads.totalCount).toBe(0);
    const refs = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, other, entities([created.data.createLead.id]));
    expect(refs.data._entities).toEqual([null]);
  });

  test('an API key without leads:write cannot create leads', async ({ subgraph, workspace }) => {
    const key: Identity = { kind: 'api_key', workspaceId: workspace.id, keyId: randomUUID(), scopes: ['leads:read'] };
    const res = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, key, createLead({ name: 'Nope' }));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await workspace.call(leads())).data.leads.totalCount).toBe(0);
  });

  test('refuses requests that do not carry the router signature', async ({ subgraph }) => {
    const unsigned = await callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, null, leads());
    expect(unsigned.status).toBe(401);
    const forged = await callSubgraph(subgraph, 'x'.repeat(40), { kind: 'service', workspaceId: randomUUID(), keyId: 'k' }, leads());
    expect(forged.status).toBe(401);
  });

  test('searches and paginates', async ({ workspace }) => {
    for (const name of ['Ana Lima', 'Bruno Dias', 'Ana Paula']) await workspace.call(createLead({ name }));
    const page1 = await workspace.call(leads({ search: 'ana', first: 1 }));
    expect(page1.data.leads.totalCount).toBe(2);
    expect(page1.data.leads.pageInfo.hasNextPage).toBe(true);
    const page2 = await workspace.call(leads({ search: 'ana', first: 1, after: page1.data.leads.pageInfo.endCursor }));
    expect(page2.data.leads.edges[0].node.name).not.toBe(page1.data.leads.edges[0].node.name);
  });
});
