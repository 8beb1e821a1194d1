import { describe, expect } from 'vitest';
import { test } from '../test/fixtures.ts';
import { assignLead, recordLeadOutcome, setAvailability, updateUser, waitingLeads } from '../test/operations.ts';
import { distribute, openCounts, team } from '../test/team.ts';

describe('deactivating a user', () => {
  test('sends their open leads round the rotation, oldest first, each with its reason; closed ones stay theirs', async ({ subgraph, tenant }) => {
    const [leaving] = await team(tenant, 1, { capacity: 10 });
    const estate1 = await distribute(tenant, 'REAL_ESTATE');
    const vehicle = await distribute(tenant, 'VEHICLE');
    const estate2 = await distribute(tenant, 'REAL_ESTATE');
    const won = await distribute(tenant, 'REAL_ESTATE');
    await tenant.service(recordLeadOutcome(won.leadId, 'WON', '1'));
    // Assigned by hand and never distributed: no line to queue it under.
    const manual = tenant.newLead();
    expect((await tenant.manager.call(assignLead(manual, leaving!.id))).errors).toBeUndefined();
    const [estateOnly] = await tenant.addConsultants(1, { capacity: 1, productLines: ['REAL_ESTATE'] });
    const [vehicleOnly] = await tenant.addConsultants(1, { capacity: 1, productLines: ['VEHICLE'] });
    const before = await subgraph.prisma.assignment.count({ where: { workspaceId: tenant.id } });

    const res = await tenant.admin.call(updateUser(leaving!.id, { active: false }));
    expect(res.data.updateUser).toMatchObject({ active: false, openLeadCount: 0 });
    const periods = async (leadId: string) =>
      (await subgraph.prisma.assignment.findMany({ where: { leadId }, orderBy: { seq: 'asc' } })).map((a) => [a.userId, a.reason, a.endReason, a.productLine]);
    expect(await periods(estate1.leadId)).toEqual([
      [leaving!.id, 'ROUND_ROBIN', 'DEACTIVATED', 'REAL_ESTATE'],
      [estateOnly!.id, 'DEACTIVATION_REASSIGNED', null, 'REAL_ESTATE'],
    ]);
    expect(await periods(vehicle.leadId)).toEqual([
      [leaving!.id, 'ROUND_ROBIN', 'DEACTIVATED', 'VEHICLE'],
      [vehicleOnly!.id, 'DEACTIVATION_REASSIGNED', null, 'VEHICLE'],
    ]);
    // Nobody serving real estate had room left: it waits, behind nothing, for its line.
    expect(await periods(estate2.leadId)).toEqual([[leaving!.id, 'ROUND_ROBIN', 'DEACTIVATED', 'REAL_ESTATE']]);
    expect((await tenant.manager.call(waitingLeads())).data.waitingLeads).toMatchObject([{ lead: { id: estate2.leadId }, productLine: 'REAL_ESTATE', position: 1 }]);
    // Nobody had room and the queue has no line for it: nobody holds it now.
    expect(await periods(manual)).toEqual([[leaving!.id, 'MANUAL', 'DEACTIVATED', null]]);
    expect(await subgraph.prisma.leadAssignment.findUnique({ where: { leadId: manual } })).toBeNull();
    // The WON lead stays theirs, as history.
    expect(await periods(won.leadId)).toEqual([[leaving!.id, 'ROUND_ROBIN', 'WON', 'REAL_ESTATE']]);
    expect(await subgraph.prisma.leadAssignment.findUnique({ where: { leadId: won.leadId } })).toMatchObject({ userId: leaving!.id });
    expect(await openCounts(tenant, [leaving!, estateOnly!, vehicleOnly!])).toEqual([0, 1, 1]);

    // Each new holder is introduced to the lead once, and the board hears of every lead that moved.
    const reassigned = await subgraph.prisma.assignment.findMany({ where: { workspaceId: tenant.id, reason: 'DEACTIVATION_REASSIGNED' } });
    expect(reassigned.every((a) => a.slaDueAt !== null)).toBe(true);
    for (const a of reassigned) {
      expect(await subgraph.prisma.outbox.count({ where: { topic: 'lead.assigned', payload: { path: ['assignmentId'], equals: a.id } } })).toBe(1);
    }
    for (const leadId of [estate2.leadId, manual]) {
      expect(await subgraph.prisma.outbox.count({ where: { topic: 'lead.touched', payload: { path: ['leadId'], equals: leadId } } })).toBe(2);
    }

    // Once is enough: a repeat moves nothing.
    expect((await tenant.admin.call(updateUser(leaving!.id, { active: false }))).errors).toBeUndefined();
    expect(await subgraph.prisma.assignment.count({ where: { workspaceId: tenant.id } })).toBe(before + 2);
    // The queued lead goes on as any waiting lead: the first real-estate slot to free up takes it.
    await tenant.service(recordLeadOutcome(estate1.leadId, 'LOST', '2'));
    expect(await subgraph.prisma.assignment.findFirst({ where: { leadId: estate2.leadId, endedAt: null } })).toMatchObject({
      userId: estateOnly!.id,
      reason: 'QUEUE_DRAINED',
    });
  });

  test('a closed lead of a deactivated holder, reopened, goes round the rotation', async ({ subgraph, tenant }) => {
    const [leaving] = await team(tenant, 1);
    const lead = await distribute(tenant, 'VEHICLE');
    await tenant.service(recordLeadOutcome(lead.leadId, 'LOST', '3'));
    await tenant.admin.call(updateUser(leaving!.id, { active: false }));
    expect(await subgraph.prisma.leadAssignment.findUnique({ where: { leadId: lead.leadId } })).toMatchObject({ userId: leaving!.id });
    const [next] = await tenant.addConsultants(1);
    expect((await tenant.service(recordLeadOutcome(lead.leadId, 'REOPENED', '4'))).data.recordLeadOutcome).toBe(true);
    const periods = await subgraph.prisma.assignment.findMany({ where: { leadId: lead.leadId }, orderBy: { seq: 'asc' } });
    expect(periods.map((p) => [p.userId, p.reason, p.endReason])).toEqual([
      [leaving!.id, 'ROUND_ROBIN', 'LOST'],
      [leaving!.id, 'REOPENED', 'DEACTIVATED'],
      [next!.id, 'DEACTIVATION_REASSIGNED', null],
    ]);
    expect(await openCounts(tenant, [leaving!, next!])).toEqual([0, 1]);
  });

  test('going unavailable is not leaving: the consultant keeps their leads', async ({ subgraph, tenant }) => {
    const [away, other] = await team(tenant, 2);
    const leads = [await distribute(tenant), await distribute(tenant)];
    const held = leads.find((l) => l.consultant.id === away!.id)!;
    expect((await away!.call(setAvailability(false))).errors).toBeUndefined();
    expect(await subgraph.prisma.leadAssignment.findUnique({ where: { leadId: held.leadId } })).toMatchObject({ userId: away!.id, closedAt: null });
    expect(await subgraph.prisma.assignment.count({ where: { leadId: held.leadId } })).toBe(1);
    expect(await openCounts(tenant, [away!, other!])).toEqual([1, 1]);
  });

  test('deactivations racing with distribution never place a lead twice nor overfill anyone', async ({ subgraph, tenant }) => {
    const [first, second] = await team(tenant, 2, { capacity: 3 });
    const held = [];
    for (let i = 0; i < 6; i++) held.push(await distribute(tenant));
    const [stays] = await tenant.addConsultants(1, { capacity: 4 });
    const fresh = [tenant.newLead(), tenant.newLead()];
    const results = await Promise.all([
      tenant.admin.call(updateUser(first!.id, { active: false })),
      tenant.admin.call(updateUser(second!.id, { active: false })),
      ...fresh.map((id) => distribute(tenant, 'REAL_ESTATE', id)),
    ]);
    expect(results.slice(0, 2).map((r: any) => r.errors)).toEqual([undefined, undefined]);
    const all = [...held.map((h) => h.leadId), ...fresh];
    const holders = await subgraph.prisma.leadAssignment.findMany({ where: { workspaceId: tenant.id } });
    const waiting = await subgraph.prisma.waitingLead.findMany({ where: { workspaceId: tenant.id } });
    expect(holders.every((h) => h.userId === stays!.id)).toBe(true);
    expect(holders).toHaveLength(4);
    expect(waiting).toHaveLength(4);
    // Every lead is in exactly one place, with at most one open period.
    expect([...holders.map((h) => h.leadId), ...waiting.map((w) => w.leadId)].sort()).toEqual([...all].sort());
    const open = await subgraph.prisma.assignment.findMany({ where: { workspaceId: tenant.id, endedAt: null } });
    expect(open.map((a) => a.leadId).sort()).toEqual(holders.map((h) => h.leadId).sort());
  });

  test('a refused update moves nothing', async ({ subgraph, tenant }) => {
    await team(tenant, 2);
    const held = await distribute(tenant);
    const holder = held.consultant.id;
    const bad = await tenant.admin.call(updateUser(holder, { active: false, capacity: -1 }));
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.capacity' });
    // The last active admin cannot be deactivated, leads or not.
    expect((await tenant.manager.call(assignLead(tenant.newLead(), tenant.admin.id))).errors).toBeUndefined();
    const lastAdmin = await tenant.admin.call(updateUser(tenant.admin.id, { active: false }));
    expect(lastAdmin.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await subgraph.prisma.user.count({ where: { workspaceId: tenant.id, active: false } })).toBe(0);
    expect(await subgraph.prisma.assignment.count({ where: { workspaceId: tenant.id, endedAt: { not: null } } })).toBe(0);
    expect(await subgraph.prisma.leadAssignment.findUnique({ where: { leadId: held.leadId } })).toMatchObject({ userId: holder });
  });
});
