import pg from 'pg';
import { describe, expect } from 'vitest';
import { env, test, type Tenant } from '../test/fixtures.ts';
import { distributeLead, markLeadAnswered, setAvailability, updateUser } from '../test/operations.ts';

const MINUTE = 60_000;
// The sweeps here run on a clock moved past the 15-minute window and only in
// their own workspace, so they never decide another test's leads.
const later = (minutes: number) => new Date(Date.now() + minutes * MINUTE);

async function placed(tenant: Tenant, line = 'REAL_ESTATE') {
  const leadId = tenant.newLead();
  const res = await tenant.service(distributeLead(leadId, line));
  expect(res.errors).toBeUndefined();
  return { leadId, userId: res.data.distributeLead.consultant?.id as string, assignedAt: res.data.distributeLead.assignment?.assignedAt as string };
}

async function teamOf(tenant: Tenant, n: number, data: { capacity?: number; productLines?: Array<'REAL_ESTATE' | 'VEHICLE'> } = {}) {
  await tenant.manager.call(setAvailability(false, tenant.consultants[0]!.id));
  return tenant.addConsultants(n, data);
}

const periodsOf = (subgraph: { prisma: any }, leadId: string) =>
  subgraph.prisma.assignment.findMany({ where: { leadId }, orderBy: { seq: 'asc' } }) as Promise<
    Array<{ userId: string; reason: string; endReason: string | null; endedAt: Date | null; slaDueAt: Date | null; firstResponseAt: Date | null; actor: string }>
  >;

describe('answer SLA', () => {
  test('a lead left unanswered past the window goes to the next consultant, and its old slot pulls the queue', async ({ subgraph, tenant }) => {
    const [a, b] = await teamOf(tenant, 2, { capacity: 1 });
    const first = await placed(tenant);
    const second = await placed(tenant);
    const waiting = await placed(tenant);
    expect(waiting.userId).toBeUndefined();
    // Nothing is due yet.
    expect((await subgraph.sla.sweepNow({ workspaceId: tenant.id }))!.reassigned).toBe(0);
    // Both consultants are full: the overdue leads wait a window for someone to free up.
    const full = await subgraph.sla.sweepNow({ workspaceId: tenant.id, now: later(16) });
    expect(full).toMatchObject({ postponed: 2, reassigned: 0 });
    // Written straight to the table: no drain, so the queue still waits for a freed slot.
    const [c] = await tenant.addConsultants(1, { capacity: 2 });
    const report = await subgraph.sla.sweepNow({ workspaceId: tenant.id, now: later(40) });
    expect(report).toMatchObject({ reassigned: 2 });
    for (const lead of [first, second]) {
      const periods = await periodsOf(subgraph, lead.leadId);
      expect(periods.map((p) => [p.userId, p.reason, p.endReason])).toEqual([
        [lead.userId, 'ROUND_ROBIN', 'SLA_EXPIRED'],
        [c!.id, 'SLA_REASSIGNED', null],
      ]);
      expect(periods[1]!.actor).toBe('service:assignment-sla');
      expect(periods[1]!.slaDueAt!.getTime()).toBeGreaterThan(Date.now() + 14 * MINUTE);
    }
    // A and B lost a lead each; the oldest waiting lead went to one of them.
    const drained = await periodsOf(subgraph, waiting.leadId);
    expect(drained.map((p) => p.reason)).toEqual(['QUEUE_DRAINED']);
    expect([a!.id, b!.id]).toContain(drained[0]!.userId);
    expect(await subgraph.prisma.waitingLead.count({ where: { workspaceId: tenant.id } })).toBe(0);
  });

  test('an answer seen by messaging, or reported by markLeadAnswered, keeps the lead where it is', async ({ subgraph, router, tenant }) => {
    await teamOf(tenant, 2);
    const viaMessages = await placed(tenant);
    const viaNotice = await placed(tenant);
    const leadOnly = await placed(tenant);
    const answeredAt = new Date(new Date(viaMessages.assignedAt).getTime() + 5 * MINUTE).toISOString();
    router.setMessages(viaMessages.leadId, [
      { direction: 'INBOUND', author: 'LEAD', createdAt: answeredAt },
      { direction: 'OUTBOUND', author: 'CONSULTANT', createdAt: answeredAt },
    ]);
    // The lead writing, or the AI answering, is not the consultant answering.
    router.setMessages(leadOnly.leadId, [
      { direction: 'INBOUND', author: 'LEAD', createdAt: answeredAt },
      { direction: 'OUTBOUND', author: 'AI', createdAt: answeredAt },
    ]);
    const notice = await tenant.service(markLeadAnswered(viaNotice.leadId));
    expect(notice.data.markLeadAnswered).toBe(true);
    expect((await tenant.service(markLeadAnswered(viaNotice.leadId))).data.markLeadAnswered).toBe(false);
    const report = await subgraph.sla.sweepNow({ workspaceId: tenant.id, now: later(16) });
    expect(report).toMatchObject({ answered: 1, reassigned: 1 });
    const [kept] = await periodsOf(subgraph, viaMessages.leadId);
    expect(kept).toMatchObject({ endedAt: null, firstResponseAt: new Date(answeredAt) });
    expect((await periodsOf(subgraph, viaNotice.leadId)).map((p) => p.endedAt)).toEqual([null]);
    expect((await periodsOf(subgraph, leadOnly.leadId)).map((p) => p.reason)).toEqual(['ROUND_ROBIN', 'SLA_REASSIGNED']);
  });

  test('when messaging cannot answer nothing moves; with nobody else to take the lead the SLA stops', async ({ subgraph, router, tenant }) => {
    const [solo] = await teamOf(tenant, 1);
    await tenant.admin.call(updateUser(tenant.consultants[0]!.id, { active: false }));
    const lead = await placed(tenant);
    expect(await subgraph.sla.sweepNow({ workspaceId: tenant.id, now: later(16) })).toMatchObject({ stopped: 1 });
    expect(await periodsOf(subgraph, lead.leadId)).toMatchObject([{ userId: solo!.id, endedAt: null, slaDueAt: null }]);
    const [other] = await tenant.addConsultants(1);
    const second = await placed(tenant);
    expect(second.userId).toBe(other!.id);
    router.failMessages(true);
    try {
      expect(await subgraph.sla.sweepNow({ workspaceId: tenant.id, now: later(16) })).toMatchObject({ skipped: 1, reassigned: 0 });
    } finally {
      router.failMessages(false);
    }
    expect((await periodsOf(subgraph, second.leadId)).map((p) => p.endedAt)).toEqual([null]);
  });

  test('a lead deleted meanwhile frees its consultant', async ({ subgraph, router, tenant }) => {
    await teamOf(tenant, 2);
    const lead = await placed(tenant);
    router.dropLead(lead.leadId);
    expect(await subgraph.sla.sweepNow({ workspaceId: tenant.id, now: later(16) })).toMatchObject({ released: 1 });
    expect(await subgraph.prisma.leadAssignment.count({ where: { leadId: lead.leadId } })).toBe(0);
    expect((await periodsOf(subgraph, lead.leadId)).map((p) => p.endReason)).toEqual(['UNASSIGNED']);
  });

  test('one sweeper at a time: while another instance holds the sweep lock, a sweep gives up its turn', async ({ subgraph, tenant }) => {
    await teamOf(tenant, 2);
    const lead = await placed(tenant);
    const other = new pg.Client({ connectionString: env.DATABASE_URL });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('assignment-sla'), hashtext('sweep'))`);
      expect(await subgraph.sla.sweepNow({ workspaceId: tenant.id, now: later(16) }, { wait: false })).toBeNull();
      expect((await periodsOf(subgraph, lead.leadId)).map((p) => p.endedAt)).toEqual([null]);
      await other.query(`SELECT pg_advisory_unlock(hashtext('assignment-sla'), hashtext('sweep'))`);
    } finally {
      await other.end();
    }
    expect(await subgraph.sla.sweepNow({ workspaceId: tenant.id, now: later(16) })).toMatchObject({ reassigned: 1 });
  });

  test('only services report answers, for a lead of their workspace', async ({ subgraph, tenant }) => {
    const [c] = await teamOf(tenant, 1);
    const lead = await placed(tenant);
    for (const caller of [tenant.admin, c!]) {
      expect((await caller.call(markLeadAnswered(lead.leadId))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await tenant.service(markLeadAnswered(lead.leadId, later(10).toISOString()))).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'at',
    });
    // An answer from before the assignment began is no answer to it.
    expect((await tenant.service(markLeadAnswered(lead.leadId, new Date(Date.now() - MINUTE).toISOString()))).data.markLeadAnswered).toBe(false);
    expect((await periodsOf(subgraph, lead.leadId)).map((p) => p.firstResponseAt)).toEqual([null]);
  });
});
