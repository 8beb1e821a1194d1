import { AssignmentErrorCode, fail } from '../errors.ts';
import type { Assignment, PrismaClient, ProductLine, WaitingLead } from '../generated/prisma/client.ts';
import { assignUnderLock, inWorkspaceLock, latestAssignment } from './assign.ts';
import { consultantsWithRoom } from './rotation.ts';
import { enqueueWaiting, type PlacementContext } from './waiting-queue.ts';

/** Where distribution put a lead: with a consultant, or in the waiting queue. */
export type Placement =
  | { status: 'ASSIGNED'; leadId: string; productLine: ProductLine; assignment: Assignment; created: boolean }
  | { status: 'WAITING'; leadId: string; productLine: ProductLine; waiting: WaitingLead; created: boolean };

interface DistributeArgs extends PlacementContext {
  workspaceId: string;
  leadId: string;
  productLine: ProductLine;
}

/**
 * Gives a qualified lead to the next consultant in rotation who serves its
 * product line and has room, or queues it when nobody can take it. Idempotent
 * per lead: a lead already held or already waiting is answered as it stands
 * (`created: false`), never moved or queued twice, whatever product line a
 * retry names. Under the workspace lock, so concurrent calls never overfill a
 * consultant or place one lead twice.
 */
export function distribute(prisma: PrismaClient, a: DistributeArgs): Promise<Placement> {
  return inWorkspaceLock(prisma, a.workspaceId, async (tx) => {
    // One round trip for the common case, a lead seen for the first time.
    const [seen] = await tx.$queryRaw<Array<{ held: boolean; waiting: boolean; deleted: boolean }>>`
      SELECT EXISTS (SELECT 1 FROM "LeadAssignment" WHERE "leadId" = ${a.leadId}::uuid) AS "held",
             EXISTS (SELECT 1 FROM "WaitingLead" WHERE "leadId" = ${a.leadId}::uuid) AS "waiting",
             EXISTS (SELECT 1 FROM "DeletedLead" WHERE "workspaceId" = ${a.workspaceId}::uuid AND "leadId" = ${a.leadId}::uuid) AS "deleted"`;
    // Deleted after the caller checked it exists: never placed (see refuseDeleted).
    if (seen!.deleted) return fail(AssignmentErrorCode.LEAD_NOT_FOUND, 'No such lead', { field: 'leadId' });
    const held = seen!.held ? await tx.leadAssignment.findUnique({ where: { leadId: a.leadId } }) : null;
    if (held && held.workspaceId !== a.workspaceId) return fail(AssignmentErrorCode.LEAD_NOT_FOUND, 'No such lead', { field: 'leadId' });
    const existing = held ? await latestAssignment(tx, a.leadId) : null;
    if (existing) return { status: 'ASSIGNED', leadId: a.leadId, productLine: existing.productLine ?? a.productLine, assignment: existing, created: false };
    const waiting = seen!.waiting ? await tx.waitingLead.findUnique({ where: { leadId: a.leadId } }) : null;
    if (waiting && waiting.workspaceId !== a.workspaceId) return fail(AssignmentErrorCode.LEAD_NOT_FOUND, 'No such lead', { field: 'leadId' });
    if (waiting) return { status: 'WAITING', leadId: a.leadId, productLine: waiting.productLine, waiting, created: false };
    const [next] = await consultantsWithRoom(tx, a.workspaceId, { productLine: a.productLine, limit: 1 });
    if (!next) {
      const queued = await enqueueWaiting(tx, { workspaceId: a.workspaceId, leadId: a.leadId, productLine: a.productLine, actor: a.actor });
      return { status: 'WAITING', leadId: a.leadId, productLine: a.productLine, waiting: queued, created: true };
    }
    const assignment = await assignUnderLock(
      tx,
      { workspaceId: a.workspaceId, leadId: a.leadId, userId: next.id, reason: 'ROUND_ROBIN', actor: a.actor, productLine: a.productLine, slaWindowMs: a.slaWindowMs },
      { fresh: !seen!.held },
    );
    return { status: 'ASSIGNED', leadId: a.leadId, productLine: a.productLine, assignment, created: true };
  });
}
