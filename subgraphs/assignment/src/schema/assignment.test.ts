import { randomUUID } from 'node:crypto';
import { sqlStatements } from '@leadwire/platform';
import { describe, expect } from 'vitest';
import { test } from '../test/fixtures.ts';
import { assignLead, autoAssignLead, leadEntities, myAssignedLeadIds, setAvailability, unassignLead } from '../test/operations.ts';

describe('round-robin', () => {
  test('spreads leads evenly, skipping unavailable and full consultants', async ({ subgraph, tenant }) => {
    // The fixture's consultant is away; three fresh ones take the work.
    await subgraph.prisma.user.update({ where: { id: tenant.consultants[0]!.id }, data: { available: false } });
    const team = await tenant.addConsultants(3);
    await tenant.addConsultants(1, { capacity: 0 });
    const counts = new Map<string, number>();
    for (let i = 0; i < 6; i++) {
      const res = await tenant.manager.call(autoAssignLead(tenant.newLead()));
      expect(res.data.autoAssignLead.reason).toBe('ROUND_ROBIN');
      const userId = res.data.autoAssignLead.user.id;
      counts.set(userId, (counts.get(userId) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(team.map((m) => [m.id, 2])));
  });

  test('10 concurrent calls never exceed capacity', async ({ subgraph, tenant }) => {
    // Only one consultant can take leads, and only three of them.
    await tenant.manager.call(setAvailability(false, tenant.consultants[0]!.id));
    const { id } = (await tenant.addConsultants(1, { capacity: 3 }))[0]!;
    const results = await Promise.all(Array.from({ length: 10 }, () => tenant.manager.call(autoAssignLead(tenant.newLead()))));
    expect(results.every((r) => !r.errors)).toBe(true);
    const assigned = results.filter((r) => r.data.autoAssignLead !== null);
    expect(assigned).toHaveLength(3);
    expect(assigned.every((r) => r.data.autoAssignLead.user.id === id)).toBe(true);
    expect(await subgraph.prisma.leadAssignment.count({ where: { userId: id } })).toBe(3);
  });

  test('returns null when nobody can take the lead, and keeps an assigned lead where it is', async ({ tenant }) => {
    const lead = tenant.newLead();
    const first = await tenant.manager.call(autoAssignLead(lead));
    expect(first.data.autoAssignLead.user.id).toBe(tenant.consultants[0]!.id);
    const again = await tenant.manager.call(autoAssignLead(lead));
    expect(again.data.autoAssignLead.id).toBe(first.data.autoAssignLead.id);
    await tenant.manager.call(setAvailability(false, tenant.consultants[0]!.id));
    expect((await tenant.manager.call(autoAssignLead(tenant.newLead()))).data.autoAssignLead).toBeNull();
  });
});

describe('assignment', () => {
  test('reassigning hands the lead off and closes the previous period', async ({ tenant }) => {
    const lead = tenant.newLead();
    const [other] = await tenant.addConsultants(1);
    const first = await tenant.manager.call(assignLead(lead, tenant.consultants[0]!.id));
    expect(first.data.assignLead).toMatchObject({ reason: 'MANUAL', endedAt: null, lead: { id: lead } });
    const second = await tenant.manager.call(assignLead(lead, other!.id));
    expect(second.data.assignLead.reason).toBe('HANDOFF');
    const view = await tenant.manager.call(leadEntities([lead]));
    const { assignee, assignmentHistory } = view.data._entities[0];
    expect(assignee.id).toBe(other!.id);
    expect(assignmentHistory.map((a: { reason: string; endedAt: string | null }) => [a.reason, a.endedAt === null])).toEqual([
      ['HANDOFF', true],
      ['MANUAL', false],
    ]);
    expect((await tenant.manager.call(unassignLead(lead))).data.unassignLead).toBe(true);
    expect((await tenant.manager.call(leadEntities([lead]))).data._entities[0].assignee).toBeNull();
  });

  test('a lead the router does not know in the caller’s workspace is NOT_FOUND, and nothing is written', async ({ subgraph, tenant }) => {
    const foreign = randomUUID();
    const res = await tenant.manager.call(assignLead(foreign, tenant.consultants[0]!.id));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    const bad = await tenant.manager.call(assignLead('nope', tenant.consultants[0]!.id));
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leadId' });
    const otherUser = await tenant.manager.call(assignLead(tenant.newLead(), randomUUID()));
    expect(otherUser.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'userId' });
    expect(await subgraph.prisma.assignment.count({ where: { workspaceId: tenant.id } })).toBe(0);
  });

  test('consultants never assign', async ({ subgraph, tenant }) => {
    const consultant = tenant.consultants[0]!;
    for (const op of [assignLead(tenant.newLead(), consultant.id), autoAssignLead(tenant.newLead())]) {
      expect((await consultant.call(op)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await subgraph.prisma.assignment.count({ where: { workspaceId: tenant.id } })).toBe(0);
  });

  test('a consultant sees the assignee and history only on their own leads', async ({ tenant }) => {
    const me = tenant.consultants[0]!;
    const [colleague] = await tenant.addConsultants(1);
    const mine = tenant.newLead();
    const theirs = tenant.newLead();
    await tenant.manager.call(assignLead(mine, me.id));
    await tenant.manager.call(assignLead(theirs, colleague!.id));
    expect((await me.call(myAssignedLeadIds())).data.myAssignedLeadIds).toEqual([mine]);
    const view = await me.call(leadEntities([mine, theirs]));
    expect(view.data._entities[0].assignee.id).toBe(me.id);
    expect(view.data._entities[0].assignmentHistory).toHaveLength(1);
    expect(view.data._entities[1]).toMatchObject({ assignee: null, assignmentHistory: [] });
    const manager = await tenant.manager.call(leadEntities([mine, theirs]));
    expect(manager.data._entities.map((l: { assignee: { id: string } }) => l.assignee.id)).toEqual([me.id, colleague!.id]);
    const stranger = { kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' } as const;
    expect((await tenant.as(stranger)(leadEntities([mine]))).data._entities[0]).toMatchObject({ assignee: null, assignmentHistory: [] });
  });

  test('200 lead references cost a fixed number of statements', async ({ subgraph, tenant }) => {
    const leads = Array.from({ length: 200 }, () => randomUUID());
    await subgraph.prisma.leadAssignment.createMany({
      data: leads.map((leadId) => ({ leadId, workspaceId: tenant.id, userId: tenant.consultants[0]!.id })),
    });
    await subgraph.prisma.assignment.createMany({
      data: leads.map((leadId) => ({ leadId, workspaceId: tenant.id, userId: tenant.consultants[0]!.id, reason: 'MANUAL' as const })),
    });
    const before = sqlStatements.count;
    const res = await tenant.manager.call(leadEntities(leads));
    expect(res.data._entities).toHaveLength(200);
    expect(res.data._entities.every((l: { assignee: { id: string } }) => l.assignee.id === tenant.consultants[0]!.id)).toBe(true);
    // Assignee (joined with its user), history, and at most one batch for the history's users
    // when history answers before the assignee join has primed them.
    expect(sqlStatements.count - before).toBeLessThanOrEqual(3);
  });
});
