import { describe, expect, vi } from 'vitest';
import { ok } from '../test/client.ts';
import { distributeLead, serviceCaller, updateUser } from '../test/distribution.ts';
import { test, type Tenant } from '../test/fixtures.ts';
import type { Platform } from '../test/platform.ts';
import { createLead, moveLead } from '../test/operations.ts';

// What frees a consultant's slot besides a move to WON or LOST (issue 7): a
// deleted lead, a stage turned WON, a consultant deactivated. The first two
// cross from leads to assignment through the leads outbox, so tests wait for them.

const WAIT = { timeout: 30_000, interval: 100 };

const holderOf = async (tenant: Tenant, id: string) =>
  (await ok(tenant.admin.call({ query: 'query($id: ID!) { lead(id: $id) { assignee { id } assignmentHistory { reason endReason user { id } } } }', variables: { id } })))
    .lead as { assignee: { id: string } | null; assignmentHistory: Array<{ reason: string; endReason: string | null; user: { id: string } }> };

const openCounts = async (tenant: Tenant) =>
  Object.fromEntries(
    ((await ok(tenant.admin.call({ query: '{ users(role: CONSULTANT) { id openLeadCount } }' }))).users as Array<{ id: string; openLeadCount: number }>).map((u) => [
      u.id,
      u.openLeadCount,
    ]),
  );

const waitingIds = async (tenant: Tenant) =>
  ((await ok(tenant.admin.call({ query: '{ waitingLeads { lead { id } } }' }))).waitingLeads as Array<{ lead: { id: string } }>).map((w) => w.lead.id);

const deleteLead = (id: string) => ({ query: 'mutation($id: ID!) { deleteLead(id: $id) }', variables: { id } });
const updateStage = (stageId: string, input: Record<string, unknown>) => ({
  query: 'mutation($stageId: ID!, $input: StageInput!) { updateStage(stageId: $stageId, input: $input) { id kind } }',
  variables: { stageId, input },
});

/** Consultants' capacities, then `n` new leads distributed for real estate, in order. */
async function placeLeads(platform: Platform, tenant: Tenant, capacities: number[], n: number) {
  for (const [i, capacity] of capacities.entries()) await ok(tenant.admin.call(updateUser(tenant.consultants[i]!.id, { capacity })));
  const service = serviceCaller(platform, tenant.workspaceId);
  const placed = [];
  for (let i = 0; i < n; i++) {
    const id = (await ok(tenant.admin.call(createLead({ name: `Lead ${i}`, phone: `+55119876${String(51000 + i)}` })))).createLead.id as string;
    placed.push({ id, ...(await ok(service(distributeLead(id, 'REAL_ESTATE')))).distributeLead });
  }
  return placed as Array<{ id: string; status: string; consultant: { id: string } | null }>;
}

describe('capacity freed through the router', () => {
  test('a consultant at capacity whose lead is deleted gets the oldest waiting lead', async ({ platform, tenant }) => {
    const [ana, bruno] = tenant.consultants;
    const [held, oldest, newer] = await placeLeads(platform, tenant, [1, 0], 3);
    expect([held!.consultant?.id, oldest!.status, newer!.status]).toEqual([ana!.id, 'WAITING', 'WAITING']);

    expect((await ok(tenant.admin.call(deleteLead(held!.id)))).deleteLead).toBe(held!.id);
    await vi.waitFor(async () => expect((await holderOf(tenant, oldest!.id)).assignee).toEqual({ id: ana!.id }), WAIT);
    expect((await holderOf(tenant, oldest!.id)).assignmentHistory).toEqual([{ reason: 'QUEUE_DRAINED', endReason: null, user: { id: ana!.id } }]);
    expect(await waitingIds(tenant)).toEqual([newer!.id]);
    expect(await openCounts(tenant)).toEqual({ [ana!.id]: 1, [bruno!.id]: 0 });
  });

  test('a stage turned WON frees the slots of its leads’ consultants', async ({ platform, tenant }) => {
    const [ana, bruno] = tenant.consultants;
    const [first, second, w1, w2, w3] = await placeLeads(platform, tenant, [1, 1], 5);
    expect(new Set([first!.consultant?.id, second!.consultant?.id])).toEqual(new Set([ana!.id, bruno!.id]));
    const pipeline = (await ok(tenant.admin.call({ query: '{ board { pipeline { id } } }' }))).board.pipeline.id;
    const closing = (
      await ok(tenant.admin.call({ query: 'mutation($p: ID!) { createStage(pipelineId: $p, input: { name: "Contrato" }) { id kind } }', variables: { p: pipeline } }))
    ).createStage;
    expect(closing.kind).toBe('OPEN');
    for (const lead of [first!, second!]) await ok(tenant.admin.call(moveLead(lead.id, closing.id, 0)));
    // Moving between open stages frees nothing.
    expect(await waitingIds(tenant)).toEqual([w1!.id, w2!.id, w3!.id]);

    expect((await ok(tenant.admin.call(updateStage(closing.id, { name: 'Contrato assinado', kind: 'WON' })))).updateStage.kind).toBe('WON');
    await vi.waitFor(async () => expect(await waitingIds(tenant)).toEqual([w3!.id]), WAIT);
    const newHolders = [(await holderOf(tenant, w1!.id)).assignee?.id, (await holderOf(tenant, w2!.id)).assignee?.id];
    expect(new Set(newHolders)).toEqual(new Set([ana!.id, bruno!.id]));
    for (const lead of [first!, second!]) {
      expect((await holderOf(tenant, lead.id)).assignmentHistory).toEqual([{ reason: 'ROUND_ROBIN', endReason: 'WON', user: { id: lead.consultant!.id } }]);
    }
    expect(await openCounts(tenant)).toEqual({ [ana!.id]: 1, [bruno!.id]: 1 });
  });

  test('a deactivated consultant’s leads go to others, each once', async ({ platform, tenant }) => {
    const [ana, bruno] = tenant.consultants;
    const placed = await placeLeads(platform, tenant, [5, 5], 4);
    const anas = placed.filter((p) => p.consultant?.id === ana!.id);
    expect(anas).toHaveLength(2);

    const updatedSince = async (after: string | null) =>
      ((await ok(tenant.admin.call({ query: 'query($a: String) { boardEventsSince(after: $a) { type leadId } }', variables: { a: after } }))).boardEventsSince as Array<{
        type: string;
        leadId: string;
      }>)
        .filter((e) => e.type === 'UPDATED')
        .map((e) => e.leadId)
        .sort();
    // The board has heard of the first assignments before the cursor is taken.
    await vi.waitFor(async () => expect(await updatedSince(null)).toEqual(placed.map((p) => p.id).sort()), WAIT);
    const before = (await ok(tenant.admin.call({ query: '{ boardCursor }' }))).boardCursor as string;
    await ok(tenant.admin.call(updateUser(ana!.id, { active: false })));
    for (const lead of anas) {
      expect((await holderOf(tenant, lead.id)).assignmentHistory).toEqual([
        { reason: 'DEACTIVATION_REASSIGNED', endReason: null, user: { id: bruno!.id } },
        { reason: 'ROUND_ROBIN', endReason: 'DEACTIVATED', user: { id: ana!.id } },
      ]);
    }
    expect(await openCounts(tenant)).toEqual({ [ana!.id]: 0, [bruno!.id]: 4 });
    // Board subscribers hear of each lead that changed hands (assignment's outbox → leads' touchLead), and only those.
    await vi.waitFor(async () => expect(await updatedSince(before)).toEqual(anas.map((a) => a.id).sort()), WAIT);
  });

  test('bad input names the field and frees nothing', async ({ platform, tenant }) => {
    const [ana] = tenant.consultants;
    const [held, waiting] = await placeLeads(platform, tenant, [1, 0], 2);
    const malformed = await tenant.admin.call(deleteLead('lead-1'));
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const badStage = await tenant.admin.call(updateStage('stage-1', { name: 'X', kind: 'WON' }));
    expect(badStage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stageId' });
    const badKind = await tenant.admin.call(updateStage('00000000-0000-4000-8000-000000000000', { name: 'X', kind: 'DONE' }));
    expect(badKind.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badUser = await tenant.admin.call(updateUser('user-1', { active: false }));
    expect(badUser.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const badCapacity = await tenant.admin.call(updateUser(ana!.id, { active: false, capacity: -1 }));
    expect(badCapacity.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.capacity' });
    // Nothing moved: the holder still holds, the waiting lead still waits (give a stray notice time to land).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await holderOf(tenant, held!.id)).assignee).toEqual({ id: ana!.id });
    expect(await waitingIds(tenant)).toEqual([waiting!.id]);
    expect((await ana!.call({ query: '{ me { id } }' })).data?.me).toEqual({ id: ana!.id });
  });
});
