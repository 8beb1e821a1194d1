import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { test } from '../test/fixtures.ts';
import { assignLead, autoAssignLead, distributeLead, recordLeadOutcome } from '../test/operations.ts';
import { distribute, openCounts, team } from '../test/team.ts';

describe('a deleted lead', () => {
  test('ends its period DELETED, frees its slot for the oldest waiting lead, and is never placed again', async ({ subgraph, router, tenant }) => {
    const [c] = await team(tenant, 1, { capacity: 1 });
    const held = await distribute(tenant);
    const first = await distribute(tenant);
    const second = await distribute(tenant);
    expect([first.status, second.status]).toEqual(['WAITING', 'WAITING']);

    router.dropLead(held.leadId);
    const deleted = await tenant.service(recordLeadOutcome(held.leadId, 'DELETED', '40'));
    expect(deleted.data.recordLeadOutcome).toBe(true);
    expect(await subgraph.prisma.leadAssignment.findUnique({ where: { leadId: held.leadId } })).toBeNull();
    const period = await subgraph.prisma.assignment.findFirstOrThrow({ where: { leadId: held.leadId } });
    expect(period).toMatchObject({ userId: c!.id, endReason: 'DELETED' });
    expect(period.endedAt).not.toBeNull();
    // Its slot went to the oldest waiting lead; the next one still waits.
    expect(await subgraph.prisma.assignment.findFirst({ where: { leadId: first.leadId } })).toMatchObject({ userId: c!.id, reason: 'QUEUE_DRAINED' });
    expect((await subgraph.prisma.waitingLead.findMany({ where: { workspaceId: tenant.id } })).map((w) => w.leadId)).toEqual([second.leadId]);
    expect(await openCounts(tenant, [c!])).toEqual([1]);

    // A repeat, or an older notice arriving late, changes nothing.
    expect((await tenant.service(recordLeadOutcome(held.leadId, 'DELETED', '40'))).data.recordLeadOutcome).toBe(false);
    expect((await tenant.service(recordLeadOutcome(held.leadId, 'REOPENED', '39'))).data.recordLeadOutcome).toBe(false);
    // Whoever checked the lead just before its deletion arrived cannot place it any more.
    const [other] = await tenant.addConsultants(1);
    for (const op of [distributeLead(held.leadId, 'REAL_ESTATE'), autoAssignLead(held.leadId)]) {
      expect((await tenant.service(op)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    }
    expect((await tenant.manager.call(assignLead(held.leadId, other!.id))).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    expect(await subgraph.prisma.assignment.count({ where: { leadId: held.leadId } })).toBe(1);
    expect(await subgraph.prisma.leadAssignment.count({ where: { leadId: held.leadId } })).toBe(0);
  });

  test('that was waiting leaves the queue; one already WON frees nothing more, and leaves its holder', async ({ subgraph, router, tenant }) => {
    const [c] = await team(tenant, 1, { capacity: 1 });
    const held = await distribute(tenant);
    const waiting = await distribute(tenant);
    const next = await distribute(tenant);
    router.dropLead(waiting.leadId);
    expect((await tenant.service(recordLeadOutcome(waiting.leadId, 'DELETED', '5'))).data.recordLeadOutcome).toBe(true);
    expect((await subgraph.prisma.waitingLead.findMany({ where: { workspaceId: tenant.id } })).map((w) => w.leadId)).toEqual([next.leadId]);
    expect(await subgraph.prisma.assignment.count({ where: { leadId: waiting.leadId } })).toBe(0);

    // WON frees the slot (the next lead takes it); deleting it afterwards frees no second one.
    await tenant.service(recordLeadOutcome(held.leadId, 'WON', '6'));
    const last = await distribute(tenant);
    expect(last.status).toBe('WAITING');
    router.dropLead(held.leadId);
    expect((await tenant.service(recordLeadOutcome(held.leadId, 'DELETED', '7'))).data.recordLeadOutcome).toBe(true);
    expect(await subgraph.prisma.leadAssignment.findUnique({ where: { leadId: held.leadId } })).toBeNull();
    expect((await subgraph.prisma.assignment.findFirstOrThrow({ where: { leadId: held.leadId } })).endReason).toBe('WON');
    expect(await subgraph.prisma.waitingLead.count({ where: { leadId: last.leadId } })).toBe(1);
    expect(await openCounts(tenant, [c!])).toEqual([1]);
  });

  test('deleted in another workspace is still this workspace’s to place', async ({ subgraph, tenant }) => {
    await team(tenant, 1);
    const leadId = tenant.newLead();
    const stranger = tenant.as({ kind: 'service', workspaceId: randomUUID(), keyId: 'other' });
    expect((await stranger(recordLeadOutcome(leadId, 'DELETED', '1'))).data.recordLeadOutcome).toBe(false);
    expect((await distribute(tenant, 'REAL_ESTATE', leadId)).status).toBe('ASSIGNED');
    expect(await subgraph.prisma.deletedLead.count({ where: { leadId, workspaceId: tenant.id } })).toBe(0);
  });

  test('a DELETED notice for a lead the leads subgraph still has is refused: any service key could send one', async ({ subgraph, tenant }) => {
    const [c] = await team(tenant, 1, { capacity: 1 });
    const held = await distribute(tenant);
    const refused = await tenant.service(recordLeadOutcome(held.leadId, 'DELETED', '40'));
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'outcome' });
    expect(await subgraph.prisma.deletedLead.count({ where: { workspaceId: tenant.id } })).toBe(0);
    expect(await subgraph.prisma.leadAssignment.findUnique({ where: { leadId: held.leadId } })).toMatchObject({ userId: c!.id, closedAt: null });
    expect(await openCounts(tenant, [c!])).toEqual([1]);
  });

  test('a malformed notice names its field and changes nothing', async ({ subgraph, tenant }) => {
    await team(tenant, 1);
    const held = await distribute(tenant);
    const badCursor = await tenant.service(recordLeadOutcome(held.leadId, 'DELETED', '-1'));
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cursor' });
    const badLead = await tenant.service(recordLeadOutcome('lead-1', 'DELETED', '1'));
    expect(badLead.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leadId' });
    expect(await subgraph.prisma.deletedLead.count({ where: { workspaceId: tenant.id } })).toBe(0);
    expect(await subgraph.prisma.leadAssignment.findUnique({ where: { leadId: held.leadId } })).toMatchObject({ closedAt: null });
    expect(await subgraph.prisma.assignment.findFirstOrThrow({ where: { leadId: held.leadId } })).toMatchObject({ endedAt: null });
  });
});
