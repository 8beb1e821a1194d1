import type { Assignment, ProductLine, WaitingLead } from '../generated/prisma/client.ts';
import { assignUnderLock, type Tx } from './assign.ts';
import { enqueueLeadTouched } from './board-notice.ts';
import { consultantsWithRoom } from './rotation.ts';
import { enqueueWaiting, type PlacementContext } from './waiting-queue.ts';

export interface Redistribution {
  reassigned: Assignment[];
  /** Nobody serving their line had room: they wait at the back of the queue. */
  queued: WaitingLead[];
  /** Never placed for a line (assigned by hand) and nobody had room: nobody holds them now. */
  released: string[];
}

export const movedCount = (r: Redistribution) => r.reassigned.length + r.queued.length + r.released.length;

/**
 * The line each lead was last placed for. A lead assigned or handed off by
 * hand has no line on its current period, but usually one from when
 * distribution placed it first.
 */
async function linesOf(tx: Tx, workspaceId: string, leadIds: string[]): Promise<Map<string, ProductLine>> {
  const rows = await tx.$queryRaw<Array<{ leadId: string; productLine: ProductLine }>>`
    SELECT DISTINCT ON ("leadId") "leadId", "productLine"::text AS "productLine"
    FROM "Assignment"
    WHERE "workspaceId" = ${workspaceId}::uuid AND "leadId" = ANY(${leadIds}::uuid[]) AND "productLine" IS NOT NULL
    ORDER BY "leadId", "seq" DESC`;
  return new Map(rows.map((r) => [r.leadId, r.productLine]));
}

/** Ends the holder's period of a lead nobody else could take; the board shows it unassigned or waiting. */
async function letGo(tx: Tx, workspaceId: string, leadId: string) {
  await tx.leadAssignment.delete({ where: { leadId } });
  await tx.assignment.updateMany({ where: { workspaceId, leadId, endedAt: null }, data: { endedAt: new Date(), endReason: 'DEACTIVATED' } });
  await enqueueLeadTouched(tx, { workspaceId, leadId });
}

/**
 * A deactivated user cannot work the leads they hold, so their open ones (not
 * WON or LOST: those stay theirs, as history) go round the rotation again,
 * oldest first: each to the next available consultant with room who serves
 * its line (DEACTIVATION_REASSIGNED, introduced to the lead like any
 * placement), else to the back of the waiting queue. A lead with no known
 * line is handed to anyone with room, as autoAssignLead would, and otherwise
 * left unassigned, as the queue only knows leads by line. Call under the
 * workspace lock, in the deactivation's own transaction: nothing is placed
 * twice, and a repeat finds nothing left to move.
 */
export async function redistributeOpenLeads(tx: Tx, workspaceId: string, userId: string, placement: PlacementContext): Promise<Redistribution> {
  const result: Redistribution = { reassigned: [], queued: [], released: [] };
  const held = await tx.leadAssignment.findMany({
    where: { workspaceId, userId, closedAt: null },
    orderBy: [{ assignedAt: 'asc' }, { leadId: 'asc' }],
    select: { leadId: true },
  });
  if (!held.length) return result;
  const lines = await linesOf(tx, workspaceId, held.map((h) => h.leadId));
  const rota = await consultantsWithRoom(tx, workspaceId, { exclude: [userId] });
  for (const { leadId } of held) {
    const line = lines.get(leadId) ?? null;
    const at = rota.findIndex((c) => c.free > 0 && (line === null || c.productLines.includes(line)));
    if (at < 0) {
      await letGo(tx, workspaceId, leadId);
      if (line) result.queued.push(await enqueueWaiting(tx, { workspaceId, leadId, productLine: line, actor: placement.actor }));
      else result.released.push(leadId);
      continue;
    }
    const [consultant] = rota.splice(at, 1);
    result.reassigned.push(
      await assignUnderLock(tx, {
        workspaceId,
        leadId,
        userId: consultant!.id,
        reason: 'DEACTIVATION_REASSIGNED',
        actor: placement.actor,
        productLine: line,
        slaWindowMs: placement.slaWindowMs,
      }),
    );
    // Just assigned: the back of the rotation, as the queue does it.
    consultant!.free -= 1;
    rota.push(consultant!);
  }
  return result;
}
