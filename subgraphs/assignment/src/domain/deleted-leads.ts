import { AssignmentErrorCode, fail } from '../errors.ts';
import type { Assignment } from '../generated/prisma/client.ts';
import type { Tx } from './assign.ts';
import { drainQueue, type PlacementContext } from './waiting-queue.ts';

/**
 * Fails LEAD_NOT_FOUND for a lead the leads subgraph deleted. Callers check
 * that a lead exists (through the router) before they take the workspace
 * lock, so a deletion delivered in between would otherwise let them place a
 * lead that no longer exists, where it would count against someone forever.
 * Call under the lock, before placing a lead that is not held.
 */
export async function refuseDeleted(tx: Tx, workspaceId: string, leadId: string): Promise<void> {
  const gone = await tx.deletedLead.findUnique({ where: { workspaceId_leadId: { workspaceId, leadId } }, select: { leadId: true } });
  if (gone) fail(AssignmentErrorCode.LEAD_NOT_FOUND, 'No such lead', { field: 'leadId' });
}

/**
 * The leads subgraph deleted the lead. Final, so the notice's cursor does not
 * matter: the lead is remembered as deleted, leaves the queue, and whoever
 * held it holds it no more (its open period ends DELETED). A slot it took
 * pulls the oldest waiting lead its consultant serves. Call under the lock.
 * `applied` is false for a repeat, or a lead nobody held or waited for.
 */
export async function forgetDeletedLead(
  tx: Tx,
  workspaceId: string,
  leadId: string,
  placement: PlacementContext,
): Promise<{ applied: boolean; drained: Assignment[] }> {
  await tx.deletedLead.createMany({ data: [{ workspaceId, leadId }], skipDuplicates: true });
  const dequeued = (await tx.waitingLead.deleteMany({ where: { workspaceId, leadId } })).count;
  const held = await tx.leadAssignment.findFirst({ where: { workspaceId, leadId } });
  if (!held) return { applied: dequeued > 0, drained: [] };
  await tx.leadAssignment.delete({ where: { leadId } });
  await tx.assignment.updateMany({ where: { workspaceId, leadId, endedAt: null }, data: { endedAt: new Date(), endReason: 'DELETED' } });
  // A WON or LOST lead had stopped counting already: nothing was freed.
  const drained = held.closedAt ? [] : await drainQueue(tx, workspaceId, placement);
  return { applied: true, drained };
}
