import { randomUUID } from 'node:crypto';
import type { ApiScope } from '@leadwire/platform';
import { describe, expect } from 'vitest';
import { apiKey, test, type Workspace } from '../test/fixtures.ts';
import { completeQualification, conversation, leadEntities, updateQualification } from '../test/operations.ts';

/** The row as stored, to prove a refused write changed nothing. */
async function snapshot(workspace: Workspace, id: string) {
  const res = await workspace.call(conversation(id));
  return res.data.conversation;
}

describe('qualification', () => {
  test('updateQualification merges answers and marks the qualification in progress', async ({ workspace }) => {
    const open = await workspace.open();
    const first = await workspace.call(
      updateQualification(open.id, { fullName: 'Maria Souza', cpf: '529.982.247-25', productInterest: 'REAL_ESTATE' }),
      workspace.service,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data.updateQualification.qualificationState).toBe('IN_PROGRESS');
    const second = await workspace.call(
      updateQualification(open.id, { monthlyIncome: 12500.5, assetValue: 450000, downPayment: 90000, city: 'Campinas' }),
      workspace.service,
    );
    expect(second.data.updateQualification.qualification).toEqual({
      fullName: 'Maria Souza',
      cpf: '52998224725',
      monthlyIncome: 12500.5,
      assetValue: 450000,
      downPayment: 90000,
      city: 'Campinas',
      productInterest: 'REAL_ESTATE',
    });
    // Explicit null clears one answer and keeps the others.
    const cleared = await workspace.call(updateQualification(open.id, { city: null }));
    expect(cleared.data.updateQualification.qualification).toMatchObject({ city: null, fullName: 'Maria Souza' });
    const events = cleared.data.updateQualification.events;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['OPENED', 'QUALIFICATION_UPDATED', 'QUALIFICATION_UPDATED', 'QUALIFICATION_UPDATED']);
    expect(events[1]).toMatchObject({ actor: 'service:ai-agent', data: { fields: ['fullName', 'cpf', 'productInterest'] } });
    // The trail names the fields, never their values (personal data).
    expect(JSON.stringify(events)).not.toContain('52998224725');
  });

  test.for([
    [{ cpf: '529.982.247-24' }, 'input.cpf'],
    [{ cpf: '111.111.111-11' }, 'input.cpf'],
    [{ monthlyIncome: -1 }, 'input.monthlyIncome'],
    [{ assetValue: 1e13 }, 'input.assetValue'],
    [{ city: 'x'.repeat(81) }, 'input.city'],
    [{ fullName: '   ' }, 'input.fullName'],
    [{ assetValue: 100000, downPayment: 100001 }, 'input.downPayment'],
  ] as const)('refuses %j with BAD_USER_INPUT on %s and leaves the row unchanged', async ([input, field], { workspace }) => {
    const open = await workspace.open();
    await workspace.call(updateQualification(open.id, { city: 'Santos' }), workspace.service);
    const before = await snapshot(workspace, open.id);
    const res = await workspace.call(updateQualification(open.id, input), workspace.service);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await snapshot(workspace, open.id)).toEqual(before);
  });

  test('refuses a down payment above an asset value answered earlier, and the reverse', async ({ workspace }) => {
    const open = await workspace.open();
    await workspace.call(updateQualification(open.id, { assetValue: 80000 }), workspace.service);
    const before = await snapshot(workspace, open.id);
    const tooHigh = await workspace.call(updateQualification(open.id, { downPayment: 90000 }), workspace.service);
    expect(tooHigh.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.downPayment' });
    await workspace.call(updateQualification(open.id, { downPayment: 20000 }), workspace.service);
    const tooLow = await workspace.call(updateQualification(open.id, { assetValue: 10000 }), workspace.service);
    expect(tooLow.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.assetValue' });
    const after = await snapshot(workspace, open.id);
    expect(after.qualification).toMatchObject({ assetValue: 80000, downPayment: 20000 });
    expect(after.events).toHaveLength(before.events.length + 1);
  });

  test('an API key without scopes, or with conversations:read only, cannot update the qualification', async ({ workspace }) => {
    const open = await workspace.open();
    for (const scopes of [[], ['conversations:read', 'leads:write']] satisfies ApiScope[][]) {
      const res = await workspace.call(updateQualification(open.id, { city: 'Curitiba' }), apiKey(workspace.id, scopes));
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const after = await snapshot(workspace, open.id);
    expect(after).toMatchObject({ qualificationState: 'NOT_STARTED', qualification: { city: null } });
  });

  test('completeQualification records the outcome, score and reason; Lead.qualificationState follows', async ({ workspace }) => {
    const open = await workspace.open();
    await workspace.call(updateQualification(open.id, { monthlyIncome: 9000 }), workspace.service);
    const res = await workspace.call(completeQualification(open.id, 'QUALIFIED', 82, 'income fits'), workspace.service);
    expect(res.errors).toBeUndefined();
    expect(res.data.completeQualification).toMatchObject({ qualificationState: 'QUALIFIED', qualificationScore: 82 });
    expect(res.data.completeQualification.qualifiedAt).toBeTruthy();
    expect(res.data.completeQualification.events.at(-1)).toMatchObject({ type: 'QUALIFIED', data: { score: 82, reason: 'income fits' } });
    // A later correction keeps the outcome.
    const corrected = await workspace.call(updateQualification(open.id, { city: 'Sorocaba' }));
    expect(corrected.data.updateQualification.qualificationState).toBe('QUALIFIED');
    const lead = await workspace.call(leadEntities([open.lead.id]));
    expect(lead.data._entities[0]).toMatchObject({ qualificationState: 'QUALIFIED', conversation: { id: open.id } });
  });

  test('completeQualification refuses a score outside 0..100 and writes nothing', async ({ workspace }) => {
    const open = await workspace.open();
    const res = await workspace.call(completeQualification(open.id, 'DISQUALIFIED', 101), workspace.service);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
    const after = await snapshot(workspace, open.id);
    expect(after).toMatchObject({ qualificationState: 'NOT_STARTED', qualificationScore: null });
    expect(after.events).toHaveLength(1);
  });

  test('a malformed or unknown conversation id is NOT_FOUND', async ({ workspace }) => {
    for (const id of ['nope', randomUUID()]) {
      const res = await workspace.call(updateQualification(id, { city: 'Natal' }), workspace.service);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'conversationId' });
    }
  });
});
