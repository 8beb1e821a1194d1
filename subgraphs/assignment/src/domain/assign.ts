import { AssignmentErrorCode, fail } from '../errors.ts';
import { enqueueLeadTouched } from './board-notice.ts';
import type { Assignment, AssignmentReason, Prisma, PrismaClient } from '../generated/prisma/client.ts';

export type Tx = Prisma.TransactionClient;

/**
 * Serializes every assignment change of one workspace until commit, so that
 * counting a consultant's open leads and adding one is atomic. The two-key
 * form namespaces the lock: other subgraphs share this database and may lock
 * on the same workspace id for their own reasons.
 */
export async function inWorkspaceLock<T>(prisma: PrismaClient, workspaceId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('assignment'), hashtext(${workspaceId}))`;
      return work(tx);
    },
    { timeout: 15_000, maxWait: 10_000 },
  );
}

function openAssignment(tx: Tx, leadId: string) {
  return tx.assignment.findFirst({ where: { leadId, endedAt: null }, orderBy: { assignedAt: 'desc' } });
}

interface AssignArgs {
  workspaceId: string;
  leadId: string;
  userId: string;
  reason: AssignmentReason;
  actor: string;
}

/** Ends the lead's current assignment, if any, and opens a new one. Call under the workspace lock. */
export async function assignUnderLock(tx: Tx, a: AssignArgs): Promise<Assignment> {
  const current = await tx.leadAssignment.findUnique({ where: { leadId: a.leadId } });
  if (current && current.workspaceId !== a.workspaceId) fail(AssignmentErrorCode.LEAD_NOT_FOUND, 'No such lead', { field: 'leadId' });
  if (current?.userId === a.userId) {
    const open = await openAssignment(tx, a.leadId);
    if (open) return open;
  }
  const now = new Date();
  await tx.assignment.updateMany({ where: { workspaceId: a.workspaceId, leadId: a.leadId, endedAt: null }, data: { endedAt: now } });
  await tx.leadAssignment.upsert({
    where: { leadId: a.leadId },
    create: { leadId: a.leadId, workspaceId: a.workspaceId, userId: a.userId, assignedAt: now },
    update: { userId: a.userId, assignedAt: now },
  });
  await tx.user.update({ where: { id: a.userId }, data: { lastAssignedAt: now } });
  await enqueueLeadTouched(tx, { workspaceId: a.workspaceId, leadId: a.leadId });
  // Taking a lead from someone is a handoff, whoever asked for it.
  const reason = current && a.reason === 'MANUAL' ? 'HANDOFF' : a.reason;
  return tx.assignment.create({
    data: { workspaceId: a.workspaceId, leadId: a.leadId, userId: a.userId, assignedAt: now, reason, actor: a.actor },
  });
}

/**
 * Round-robin: the active, available consultant with room left who has waited
 * longest (never assigned first, then by id so ties are stable). A lead that
 * already has someone keeps them: auto-assignment is for new leads, and a
 * retried call must not move the lead around.
 */
export async function autoAssign(prisma: PrismaClient, workspaceId: string, leadId: string, actor: string) {
  return inWorkspaceLock(prisma, workspaceId, async (tx) => {
    const current = await tx.leadAssignment.findUnique({ where: { leadId } });
    if (current) {
      if (current.workspaceId !== workspaceId) fail(AssignmentErrorCode.LEAD_NOT_FOUND, 'No such lead', { field: 'leadId' });
      const open = await openAssignment(tx, leadId);
      if (open) return open;
    }
    const [next] = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT u."id" FROM "User" u
      WHERE u."workspaceId" = ${workspaceId}::uuid AND u."active" AND u."available" AND u."role" = 'CONSULTANT'
        AND u."capacity" > (SELECT count(*) FROM "LeadAssignment" la WHERE la."userId" = u."id")
      ORDER BY u."lastAssignedAt" ASC NULLS FIRST, u."id" ASC
      LIMIT 1`;
    if (!next) return null;
    return assignUnderLock(tx, { workspaceId, leadId, userId: next.id, reason: 'ROUND_ROBIN', actor });
  });
}

/** Ends the lead's assignment; false when nobody held it. */
export async function unassign(prisma: PrismaClient, workspaceId: string, leadId: string): Promise<boolean> {
  return inWorkspaceLock(prisma, workspaceId, async (tx) => {
    const removed = await tx.leadAssignment.deleteMany({ where: { workspaceId, leadId } });
    await tx.assignment.updateMany({ where: { workspaceId, leadId, endedAt: null }, data: { endedAt: new Date() } });
    if (removed.count > 0) await enqueueLeadTouched(tx, { workspaceId, leadId });
    return removed.count > 0;
  });
}
