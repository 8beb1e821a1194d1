import { randomUUID } from 'node:crypto';
import { AssignmentErrorCode, fail } from '../errors.ts';
import { enqueueLeadAssigned, isIntroduced, leadAssignedCte } from './assignee-introduction.ts';
import { enqueueLeadTouched, LEAD_TOUCHED } from './board-notice.ts';
import { Prisma, type Assignment, type AssignmentEnd, type AssignmentReason, type PrismaClient, type ProductLine } from '../generated/prisma/client.ts';
import { refuseDeleted } from './deleted-leads.ts';
import { consultantsWithRoom } from './rotation.ts';

export type Tx = Prisma.TransactionClient;

/** Why the previous period ends when a lead moves on for this reason; a handoff otherwise. */
const ENDED_BY: Partial<Record<AssignmentReason, AssignmentEnd>> = {
  SLA_REASSIGNED: 'SLA_EXPIRED',
  DEACTIVATION_REASSIGNED: 'DEACTIVATED',
};

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

/** The lead's latest period, open or not: what a retried placement answers with. */
export function latestAssignment(tx: Tx, leadId: string) {
  return tx.assignment.findFirst({ where: { leadId }, orderBy: [{ assignedAt: 'desc' }, { seq: 'desc' }] });
}

function openAssignment(tx: Tx, leadId: string) {
  return tx.assignment.findFirst({ where: { leadId, endedAt: null }, orderBy: { assignedAt: 'desc' } });
}

export interface AssignArgs {
  workspaceId: string;
  leadId: string;
  userId: string;
  reason: AssignmentReason;
  actor: string;
  /** Distribution's: the line the lead was placed for, and how long the consultant has to answer. */
  productLine?: ProductLine | null;
  slaWindowMs?: number | null;
}

/**
 * Ends the lead's current assignment, if any, and opens a new one; a lead
 * waiting in the queue leaves it. Call under the workspace lock. The previous
 * holder's slot is free afterwards: callers drain the queue.
 */
export async function assignUnderLock(tx: Tx, a: AssignArgs, opts: { fresh?: boolean } = {}): Promise<Assignment> {
  if (opts.fresh) return insertFresh(tx, a);
  const current = await tx.leadAssignment.findUnique({ where: { leadId: a.leadId } });
  if (current && current.workspaceId !== a.workspaceId) fail(AssignmentErrorCode.LEAD_NOT_FOUND, 'No such lead', { field: 'leadId' });
  if (current?.userId === a.userId) {
    const open = await openAssignment(tx, a.leadId);
    if (open) return open;
  }
  const now = new Date();
  await tx.assignment.updateMany({
    where: { workspaceId: a.workspaceId, leadId: a.leadId, endedAt: null },
    data: { endedAt: now, endReason: ENDED_BY[a.reason] ?? 'HANDED_OFF' },
  });
  // A WON or LOST lead stays closed whoever holds it: only a stage change reopens it.
  await tx.leadAssignment.upsert({
    where: { leadId: a.leadId },
    create: { leadId: a.leadId, workspaceId: a.workspaceId, userId: a.userId, assignedAt: now },
    update: { userId: a.userId, assignedAt: now },
  });
  await tx.waitingLead.deleteMany({ where: { leadId: a.leadId } });
  await enqueueLeadTouched(tx, { workspaceId: a.workspaceId, leadId: a.leadId });
  // Taking a lead from someone is a handoff, whoever asked for it.
  const reason = current && a.reason === 'MANUAL' ? 'HANDOFF' : a.reason;
  const created = await tx.assignment.create({
    data: {
      workspaceId: a.workspaceId,
      leadId: a.leadId,
      userId: a.userId,
      assignedAt: now,
      reason,
      actor: a.actor,
      productLine: a.productLine ?? null,
      slaDueAt: a.slaWindowMs ? new Date(now.getTime() + a.slaWindowMs) : null,
    },
  });
  const consultant = await tx.user.update({ where: { id: a.userId }, data: { lastAssignedAt: now, lastAssignmentSeq: created.seq } });
  if (isIntroduced(reason)) {
    await enqueueLeadAssigned(tx, { workspaceId: a.workspaceId, leadId: a.leadId, assignmentId: created.id, consultantName: consultant.name });
  }
  return created;
}

// Prisma keeps DateTime columns as UTC timestamps without a zone.
const utc = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

/**
 * The same writes as above for a lead the caller saw, under this lock, that
 * nobody holds and that is not waiting, in one statement: the holder row, the
 * period, the board notice, the introduction and the rotation. Distribution's
 * hot path runs under the workspace lock, so its round trips are the
 * workspace's throughput.
 */
async function insertFresh(tx: Tx, a: AssignArgs): Promise<Assignment> {
  const now = new Date();
  const slaDueAt = a.slaWindowMs ? utc(new Date(now.getTime() + a.slaWindowMs)) : Prisma.sql`NULL`;
  const notice = JSON.stringify({ workspaceId: a.workspaceId, leadId: a.leadId });
  const [created] = await tx.$queryRaw<Assignment[]>`
    WITH holder AS (
      INSERT INTO "LeadAssignment" ("leadId", "workspaceId", "userId", "assignedAt")
      VALUES (${a.leadId}::uuid, ${a.workspaceId}::uuid, ${a.userId}::uuid, ${utc(now)})
    ), notice AS (
      INSERT INTO "Outbox" ("topic", "payload") VALUES (${LEAD_TOUCHED}, ${notice}::jsonb)
    ), made AS (
      INSERT INTO "Assignment" ("id", "workspaceId", "leadId", "userId", "assignedAt", "reason", "actor", "productLine", "slaDueAt")
      VALUES (${randomUUID()}::uuid, ${a.workspaceId}::uuid, ${a.leadId}::uuid, ${a.userId}::uuid, ${utc(now)},
              ${a.reason}::"AssignmentReason", ${a.actor}, ${a.productLine ?? null}::"ProductLine", ${slaDueAt})
      RETURNING *
    ), rotation AS (
      UPDATE "User" u SET "lastAssignedAt" = made."assignedAt", "lastAssignmentSeq" = made."seq" FROM made WHERE u."id" = made."userId"
    )${isIntroduced(a.reason) ? Prisma.sql`, ${leadAssignedCte}` : Prisma.empty}
    SELECT * FROM made`;
  return created!;
}

/**
 * Round-robin: the active, available consultant with room left who has waited
 * longest. A lead that already has someone keeps them: auto-assignment is for
 * new leads, and a retried call must not move the lead around.
 */
export async function autoAssign(prisma: PrismaClient, workspaceId: string, leadId: string, actor: string) {
  return inWorkspaceLock(prisma, workspaceId, async (tx) => {
    const current = await tx.leadAssignment.findUnique({ where: { leadId } });
    if (current) {
      if (current.workspaceId !== workspaceId) fail(AssignmentErrorCode.LEAD_NOT_FOUND, 'No such lead', { field: 'leadId' });
      const open = await openAssignment(tx, leadId);
      if (open) return open;
    } else {
      await refuseDeleted(tx, workspaceId, leadId);
    }
    const [next] = await consultantsWithRoom(tx, workspaceId, { limit: 1 });
    if (!next) return null;
    return assignUnderLock(tx, { workspaceId, leadId, userId: next.id, reason: 'ROUND_ROBIN', actor });
  });
}
