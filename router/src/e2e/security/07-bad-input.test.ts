import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { ok } from '../../test/client.ts';
import { test } from '../../test/fixtures.ts';
import { createLead, leads } from '../../test/operations.ts';

const badInput = (res: { status: number; errors?: Array<{ extensions?: Record<string, any> }> }, field: string) => {
  expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(res.errors?.[0]?.extensions?.field).toBe(field);
};
const search = (term: string, selection = 'totalCount edges { node { name } }') => ({
  query: `query Search($search: String) { leads(search: $search, first: 50) { ${selection} } }`,
  variables: { search: term },
});

describe('bad input is BAD_USER_INPUT naming the field, never a 500, and writes nothing', () => {
  test('a NUL byte in a name or in search', async ({ tenant }) => {
    badInput(await tenant.admin.call(createLead({ name: 'Nul\u0000Name' })), 'input.name');
    badInput(await tenant.admin.call({ query: 'mutation { createLead(input: { name: "Lit\\u0000eral" }) { id } }' }), 'input.name');
    badInput(await tenant.admin.call(search('ab\u0000cd')), 'search');
    expect((await ok(tenant.admin.call(leads()))).leads.totalCount).toBe(0);
  });

  test('a malformed id, in a literal or a variable, in any argument', async ({ tenant }) => {
    badInput(await tenant.admin.call({ query: '{ boardEventsSince(pipelineId: "not-a-uuid") { cursor } }' }), 'pipelineId');
    badInput(
      await tenant.admin.call({ query: 'query($p: ID) { boardEventsSince(pipelineId: $p) { cursor } }', variables: { p: 'not-a-uuid' } }),
      'p',
    );
    badInput(await tenant.admin.call({ query: '{ lead(id: 42) { id } }' }), 'id');
    badInput(await tenant.admin.call({ query: '{ leads(filter: { stageId: "x" }) { totalCount } }' }), 'filter.stageId');
    badInput(await tenant.admin.call({ query: `mutation { moveLead(id: "${randomUUID()}", stageId: "nope", position: 0) { id } }` }), 'stageId');
  });

  test('a malformed DateTime in a filter', async ({ tenant }) => {
    badInput(
      await tenant.admin.call({
        query: 'query($f: LeadFilter) { leads(filter: $f) { totalCount } }',
        variables: { f: { createdAfter: 'yesterday' } },
      }),
      'f.createdAfter',
    );
    badInput(await tenant.admin.call({ query: '{ leads(filter: { createdBefore: "2026-13-45T99:00" }) { totalCount } }' }), 'filter.createdBefore');
    const fine = await tenant.admin.call({ query: '{ leads(filter: { createdAfter: "2026-01-01T00:00:00Z" }) { totalCount } }' });
    expect(fine.errors).toBeUndefined();
  });

  test('a garbage `after` cursor on a connection', async ({ tenant }) => {
    const leadId = (await ok(tenant.admin.call(createLead({ name: 'Has a thread' })))).createLead.id;
    for (const after of ['garbage', Buffer.from('GPC:S:not-a-uuid').toString('base64'), '%%%']) {
      badInput(await tenant.admin.call({ query: 'query($a: String) { leads(after: $a) { totalCount } }', variables: { a: after } }), 'after');
      badInput(
        await tenant.admin.call({
          query: 'query($l: ID!, $a: String) { messages(leadId: $l, after: $a) { edges { node { id } } } }',
          variables: { l: leadId, a: after },
        }),
        'after',
      );
    }
  });

  test('the 100-character search limit holds when only totalCount is selected', async ({ tenant }) => {
    badInput(await tenant.admin.call(search('x'.repeat(500_000), 'totalCount')), 'search');
    badInput(await tenant.admin.call(search('y'.repeat(101), 'totalCount')), 'search');
  });

  test('% and _ in search are literal characters, not wildcards', async ({ tenant }) => {
    await ok(tenant.admin.call(createLead({ name: 'Maria Souza' })));
    await ok(tenant.admin.call(createLead({ name: 'Promo 50% off_now' })));
    const names = async (term: string) =>
      (await ok(tenant.admin.call(search(term)))).leads.edges.map((e: any) => e.node.name).sort();
    expect(await names('%')).toEqual(['Promo 50% off_now']);
    expect(await names('_')).toEqual(['Promo 50% off_now']);
    expect(await names('M_ria')).toEqual([]);
    expect(await names('maria')).toEqual(['Maria Souza']);
  });
});
