import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { test } from '../test/fixtures.ts';
import { distributeLead, leadEntities, recordLeadOutcome, setAvailability, updateUser, waitingLeads } from '../test/operations.ts';
import { distribute, openCounts, team } from '../test/team.ts';

describe('distributeLead', () => {
  test('goes round the available consultants who serve the line, recording why and who', async ({ subgraph, tenant }) => {
    const [a, b] = await team(tenant, 2);
    const [vehicleOnly] = await tenant.addConsultants(1, { productLines: ['VEHICLE'] });
    await tenant.addConsultants(1, { available: false });
    await tenant.addConsultants(1, { capacity: 0 });
    const placed = [];
    for (let i = 0; i < 4; i++) placed.push(await distribute(tenant));
    // Neither has had a lead yet, so which goes first is a tie (broken by id); then they alternate.
    const [first, second] = placed.map((p) => p.consultant.id);
    expect([first, second].sort()).toEqual([a!.id, b!.id].sort());
    expect(placed.map((p) => p.consultant.id)).toEqual([first, second, first, second]);
    expect(placed[0]).toMatchObject({ status: 'ASSIGNED', created: true, productLine: 'REAL_ESTATE', queuePosition: null });
    expect(placed[0]!.consultant.name).toBe(first === a!.id ? 'Consultant 1' : 'Consultant 2');
    expect(placed[0]!.assignment).toMatchObject({ reason: 'ROUND_ROBIN', actor: 'service:test-service', productLine: 'REAL_ESTATE', endedAt: null });
    const window = new Date(placed[0]!.assignment.slaDueAt).getTime() - new Date(placed[0]!.assignment.assignedAt).getTime();
    expect(window).toBe(15 * 60_000);
    expect(Math.abs(new Date(placed[0]!.assignment.assignedAt).getTime() - Date.now())).toBeLessThan(60_000);
    // Only the vehicle specialist is left out of real estate, and is first for a vehicle.
    expect((await distribute(tenant, 'VEHICLE')).consultant.id).toBe(vehicleOnly!.id);
    expect(await subgraph.prisma.assignment.count({ where: { workspaceId: tenant.id } })).toBe(5);
  });

  test('is idempotent per lead: a retry, or ten at once, place it once and never move it', async ({ subgraph, tenant }) => {
    await team(tenant, 3);
    const first = await distribute(tenant);
    const again = await distribute(tenant, 'VEHICLE', first.leadId);
    expect(again).toMatchObject({ status: 'ASSIGNED', created: false, productLine: 'REAL_ESTATE', consultant: { id: first.consultant.id } });
    expect(again.assignment.id).toBe(first.assignment.id);
    const lead = tenant.newLead();
    const burst = await Promise.all(Array.from({ length: 10 }, () => tenant.service(distributeLead(lead, 'REAL_ESTATE'))));
    expect(burst.filter((r) => r.data.distributeLead.created)).toHaveLength(1);
    expect(new Set(burst.map((r) => r.data.distributeLead.assignment.id)).size).toBe(1);
    expect(await subgraph.prisma.assignment.count({ where: { leadId: lead } })).toBe(1);
  });

  test('queues what nobody can take, once, with its place in its line', async ({ subgraph, tenant }) => {
    const [only] = await team(tenant, 1, { capacity: 1 });
    expect((await distribute(tenant)).consultant.id).toBe(only!.id);
    const r1 = await distribute(tenant);
    const v1 = await distribute(tenant, 'VEHICLE');
    const r2 = await distribute(tenant);
    expect([r1, v1, r2].map((p) => [p.status, p.queuePosition, p.consultant])).toEqual([
      ['WAITING', 1, null],
      ['WAITING', 1, null],
      ['WAITING', 2, null],
    ]);
    const retry = await distribute(tenant, 'VEHICLE', r2.leadId);
    expect(retry).toMatchObject({ status: 'WAITING', created: false, queuePosition: 2, productLine: 'REAL_ESTATE', enqueuedAt: r2.enqueuedAt });
    expect(await subgraph.prisma.waitingLead.count({ where: { workspaceId: tenant.id } })).toBe(3);
    const queue = (await tenant.manager.call(waitingLeads())).data.waitingLeads;
    expect(queue.map((w: { lead: { id: string }; position: number }) => [w.lead.id, w.position])).toEqual([
      [r1.leadId, 1],
      [v1.leadId, 1],
      [r2.leadId, 2],
    ]);
  });

  test('coming online takes the oldest waiting leads first, up to capacity', async ({ subgraph, tenant }) => {
    const [late] = await team(tenant, 1, { available: false, capacity: 2 });
    const waiting = [];
    for (let i = 0; i < 3; i++) waiting.push(await distribute(tenant));
    expect(waiting.every((w) => w.status === 'WAITING')).toBe(true);
    const online = await late!.call(setAvailability(true));
    expect(online.errors).toBeUndefined();
    const held = await subgraph.prisma.assignment.findMany({ where: { workspaceId: tenant.id }, orderBy: { seq: 'asc' } });
    expect(held.map((a) => [a.leadId, a.userId, a.reason, a.actor])).toEqual([
      [waiting[0]!.leadId, late!.id, 'QUEUE_DRAINED', `user:${late!.id}`],
      [waiting[1]!.leadId, late!.id, 'QUEUE_DRAINED', `user:${late!.id}`],
    ]);
    expect(held.every((a) => a.slaDueAt !== null && a.productLine === 'REAL_ESTATE')).toBe(true);
    expect((await subgraph.prisma.waitingLead.findMany({ where: { workspaceId: tenant.id } })).map((w) => w.leadId)).toEqual([waiting[2]!.leadId]);
    // A retry of a drained lead answers with its consultant.
    expect(await distribute(tenant, 'REAL_ESTATE', waiting[0]!.leadId)).toMatchObject({ status: 'ASSIGNED', created: false, consultant: { id: late!.id } });
  });

  test('more capacity or a new product line drains the queue too', async ({ subgraph, tenant }) => {
    const [c] = await team(tenant, 1, { capacity: 0, productLines: ['REAL_ESTATE'] });
    const estate = await distribute(tenant);
    const vehicle = await distribute(tenant, 'VEHICLE');
    await tenant.admin.call(updateUser(c!.id, { capacity: 5 }));
    expect((await subgraph.prisma.leadAssignment.findMany({ where: { userId: c!.id } })).map((l) => l.leadId)).toEqual([estate.leadId]);
    const updated = await tenant.admin.call(updateUser(c!.id, { productLines: ['VEHICLE', 'REAL_ESTATE', 'VEHICLE'] }));
    expect(updated.data.updateUser.productLines).toEqual(['VEHICLE', 'REAL_ESTATE']);
    expect(await subgraph.prisma.leadAssignment.count({ where: { leadId: vehicle.leadId, userId: c!.id } })).toBe(1);
    expect(await subgraph.prisma.waitingLead.count({ where: { workspaceId: tenant.id } })).toBe(0);
  });

  test('refuses bad input naming the field, and writes nothing', async ({ subgraph, tenant }) => {
    await team(tenant, 1);
    const unknown = await tenant.service(distributeLead(randomUUID(), 'REAL_ESTATE'));
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    const malformed = await tenant.service(distributeLead('lead-1', 'REAL_ESTATE'));
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leadId' });
    const badLine = await tenant.service(distributeLead(tenant.newLead(), 'BOAT'));
    expect(badLine.errors?.[0]?.message).toMatch(/productLine/);
    // Another workspace's lead is not this workspace's to distribute.
    const stranger = { kind: 'service', workspaceId: randomUUID(), keyId: 'other' } as const;
    const foreign = await tenant.as(stranger)(distributeLead(tenant.newLead(), 'REAL_ESTATE'));
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    const noLines = await tenant.admin.call(updateUser(tenant.consultants[0]!.id, { productLines: [] }));
    expect(noLines.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.productLines' });
    for (const caller of [tenant.manager, tenant.consultants[0]!]) {
      expect((await caller.call(distributeLead(tenant.newLead(), 'REAL_ESTATE'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await subgraph.prisma.assignment.count({ where: { workspaceId: tenant.id } })).toBe(0);
    expect(await subgraph.prisma.waitingLead.count({ where: { workspaceId: tenant.id } })).toBe(0);
  });
});

describe('a lead reaching WON or LOST', () => {
  test('closes its period, frees the slot and pulls the oldest waiting lead that consultant serves', async ({ subgraph, tenant }) => {
    const [c] = await team(tenant, 1, { capacity: 1, productLines: ['VEHICLE'] });
    const held = await distribute(tenant, 'VEHICLE');
    const estate = await distribute(tenant, 'REAL_ESTATE');
    const next = await distribute(tenant, 'VEHICLE');
    await distribute(tenant, 'VEHICLE');
    const won = await tenant.service(recordLeadOutcome(held.leadId, 'WON', '10'));
    expect(won.data.recordLeadOutcome).toBe(true);
    const history = (await tenant.manager.call(leadEntities([held.leadId]))).data._entities[0];
    // Still theirs to see, no longer counted.
    expect(history.assignee.id).toBe(c!.id);
    expect(history.assignmentHistory).toHaveLength(1);
    expect(await subgraph.prisma.assignment.findFirst({ where: { leadId: held.leadId } })).toMatchObject({ endReason: 'WON' });
    expect((await subgraph.prisma.assignment.findFirst({ where: { leadId: next.leadId } }))?.reason).toBe('QUEUE_DRAINED');
    expect(await openCounts(tenant, [c!])).toEqual([1]);
    expect(await subgraph.prisma.waitingLead.count({ where: { leadId: estate.leadId } })).toBe(1);
    // A repeat or an older notice changes nothing.
    expect((await tenant.service(recordLeadOutcome(held.leadId, 'WON', '10'))).data.recordLeadOutcome).toBe(false);
    expect((await tenant.service(recordLeadOutcome(held.leadId, 'REOPENED', '9'))).data.recordLeadOutcome).toBe(false);
    expect(await subgraph.prisma.waitingLead.count({ where: { workspaceId: tenant.id } })).toBe(2);
  });

  test('reopening counts it again; a closed waiting lead leaves the queue', async ({ subgraph, tenant }) => {
    const [c] = await team(tenant, 1, { capacity: 1 });
    const held = await distribute(tenant);
    const waiting = await distribute(tenant);
    await tenant.service(recordLeadOutcome(waiting.leadId, 'LOST', '5'));
    expect(await subgraph.prisma.waitingLead.count({ where: { workspaceId: tenant.id } })).toBe(0);
    await tenant.service(recordLeadOutcome(held.leadId, 'LOST', '6'));
    expect(await openCounts(tenant, [c!])).toEqual([0]);
    expect((await tenant.service(recordLeadOutcome(held.leadId, 'REOPENED', '7'))).data.recordLeadOutcome).toBe(true);
    expect(await openCounts(tenant, [c!])).toEqual([1]);
    const periods = await subgraph.prisma.assignment.findMany({ where: { leadId: held.leadId }, orderBy: { seq: 'asc' } });
    expect(periods.map((p) => [p.reason, p.endReason])).toEqual([
      ['ROUND_ROBIN', 'LOST'],
      ['REOPENED', null],
    ]);
  });

  test('two consultants freeing up at once never get the same waiting lead', async ({ subgraph, tenant }) => {
    const members = await team(tenant, 4, { capacity: 1 });
    const held = [];
    for (let i = 0; i < 4; i++) held.push(await distribute(tenant));
    const waiting = [];
    for (let i = 0; i < 6; i++) waiting.push(await distribute(tenant));
    const results = await Promise.all(held.map((h, i) => tenant.service(recordLeadOutcome(h.leadId, i % 2 ? 'WON' : 'LOST', String(100 + i)))));
    expect(results.every((r) => r.data.recordLeadOutcome === true)).toBe(true);
    const drained = await subgraph.prisma.assignment.findMany({ where: { workspaceId: tenant.id, reason: 'QUEUE_DRAINED' } });
    // The four oldest, one each.
    expect(drained.map((a) => a.leadId).sort()).toEqual(waiting.slice(0, 4).map((w) => w.leadId).sort());
    expect(new Set(drained.map((a) => a.userId)).size).toBe(4);
    expect(await openCounts(tenant, members)).toEqual([1, 1, 1, 1]);
  });

  test('only services report outcomes', async ({ subgraph, tenant }) => {
    const [c] = await team(tenant, 1);
    const held = await distribute(tenant);
    for (const caller of [tenant.admin, c!]) {
      expect((await caller.call(recordLeadOutcome(held.leadId, 'WON', '1'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await tenant.service(recordLeadOutcome(held.leadId, 'WON', 'x1'))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cursor' });
    expect(await subgraph.prisma.leadAssignment.findUnique({ where: { leadId: held.leadId } })).toMatchObject({ closedAt: null });
  });
});
