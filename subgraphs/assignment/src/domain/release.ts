import type { Assignment, PrismaClient } from '../generated/prisma/client.ts';
import { inWorkspaceLock, type Tx } from './assign.ts';
import { enqueueLeadTouched } from './board-notice.ts';
import { redistributeOpenLeads } from './deactivation.ts';
import { forgetDeletedLead } from './deleted-leads.ts';
import { drainQueue, type PlacementContext } from './waiting-queue.ts';

export type LeadOutcome = 'WON' | 'LOST' | 'REOPENED' | 'DELETED';

/** Ends the lead's assignment under the lock; false when nobody held it. The freed slot pulls from the queue. */
export async function unassignUnderLock(tx: Tx, workspaceId: string, leadId: string, placement: PlacementContext): Promise<boolean> {
  const removed = await tx.leadAssignment.deleteMany({ where: { workspaceId, leadId } });
  await tx.assignment.updateMany({ where: { workspaceId, leadId, endedAt: null }, data: { endedAt: new Date(), endReason: 'UNASSIGNED' } });
  if (removed.count === 0) return false;
  await enqueueLeadTouched(tx, { workspaceId, leadId });
  await drainQueue(tx, workspaceId, placement);
  return true;
}

export function unassign(prisma: PrismaClient, workspaceId: string, leadId: string, placement: PlacementContext): Promise<boolean> {
  return inWorkspaceLock(prisma, workspaceId, (tx) => unassignUnderLock(tx, workspaceId, leadId, placement));
}

interface OutcomeArgs {
  workspaceId: string;
  leadId: string;
  outcome: LeadOutcome;
  /** Where the stage change stands in the board's sequence: a notice older than one applied is stale. */
  cursor: bigint;
}

export interface OutcomeResult {
  /** False for a stale or repeated notice, or a lead nobody holds or waits for. */
  applied: boolean;
  drained: Assignment[];
}

/**
 * The leads subgraph says a lead reached a WON or LOST stage, or left one.
 * Closing keeps the holder (the lead stays theirs to see) but ends the
 * assignment period and frees its slot, which at once pulls the oldest waiting
 * lead that consultant can serve. A closed lead also leaves the queue.
 * Reopening counts the lead against its holder again and opens a new period
 * (or, when the holder was deactivated meanwhile, sends it round the rotation).
 * Redelivered and out-of-order notices change nothing (cursor check). A
 * deletion is final whatever its cursor.
 */
export function applyLeadOutcome(prisma: PrismaClient, a: OutcomeArgs, placement: PlacementContext): Promise<OutcomeResult> {
  return inWorkspaceLock(prisma, a.workspaceId, async (tx) => {
    if (a.outcome === 'DELETED') return forgetDeletedLead(tx, a.workspaceId, a.leadId, placement);
    const dequeued = a.outcome === 'REOPENED' ? 0 : (await tx.waitingLead.deleteMany({ where: { workspaceId: a.workspaceId, leadId: a.leadId } })).count;
    const held = await tx.leadAssignment.findFirst({ where: { workspaceId: a.workspaceId, leadId: a.leadId } });
    if (!held || (held.outcomeCursor !== null && held.outcomeCursor >= a.cursor)) return { applied: dequeued > 0, drained: [] };
    const now = new Date();
    if (a.outcome === 'REOPENED') {
      await tx.leadAssignment.update({ where: { leadId: a.leadId }, data: { closedAt: null, outcomeCursor: a.cursor } });
      if (held.closedAt) {
        await tx.assignment.create({
          data: { workspaceId: a.workspaceId, leadId: a.leadId, userId: held.userId, assignedAt: now, reason: 'REOPENED', actor: placement.actor },
        });
      }
      // Closed leads stay with a deactivated holder as history; open again, they need someone who works.
      const holder = await tx.user.findUnique({ where: { id: held.userId }, select: { active: true } });
      const moved = holder?.active ? null : await redistributeOpenLeads(tx, a.workspaceId, held.userId, placement);
      return { applied: true, drained: moved?.reassigned ?? [] };
    }
    await tx.leadAssignment.update({ where: { leadId: a.leadId }, data: { closedAt: held.closedAt ?? now, outcomeCursor: a.cursor } });
    await tx.assignment.updateMany({ where: { workspaceId: a.workspaceId, leadId: a.leadId, endedAt: null }, data: { endedAt: now, endReason: a.outcome } });
    const drained = held.closedAt ? [] : await drainQueue(tx, a.workspaceId, placement);
    return { applied: true, drained };
  });
}
