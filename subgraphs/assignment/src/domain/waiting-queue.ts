import type { Assignment, PrismaClient, ProductLine, WaitingLead } from '../generated/prisma/client.ts';
import { assignUnderLock, inWorkspaceLock, type Tx } from './assign.ts';
import { consultantsWithRoom } from './rotation.ts';

/** Who caused a placement, and the answer window distribution gives each consultant. */
export interface PlacementContext {
  actor: string;
  slaWindowMs: number;
}

export const slaDueFrom = (now: Date, windowMs: number) => new Date(now.getTime() + windowMs);

const PAGE = 100;

/**
 * Hands waiting leads, oldest first, to consultants who have room now, in
 * rotation order, until nobody has room for what is left. Call under the
 * workspace lock after anything that may free a slot or add a consultant:
 * a lead reaching WON or LOST, a handoff, an unassignment, someone coming
 * online, a capacity or product-line change. Under the lock two of those at
 * once cannot hand out the same lead or overfill anyone.
 */
export async function drainQueue(tx: Tx, workspaceId: string, placement: PlacementContext): Promise<Assignment[]> {
  if (!(await tx.waitingLead.findFirst({ where: { workspaceId }, select: { seq: true } }))) return [];
  const rota = await consultantsWithRoom(tx, workspaceId);
  const made: Assignment[] = [];
  let after = -1n;
  for (;;) {
    const lines = [...new Set(rota.filter((c) => c.free > 0).flatMap((c) => c.productLines))];
    if (!lines.length) break;
    const page = await tx.waitingLead.findMany({
      where: { workspaceId, productLine: { in: lines }, seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: PAGE,
    });
    if (!page.length) break;
    for (const waiting of page) {
      after = waiting.seq;
      const at = rota.findIndex((c) => c.free > 0 && c.productLines.includes(waiting.productLine));
      if (at < 0) continue;
      const [consultant] = rota.splice(at, 1);
      made.push(
        await assignUnderLock(tx, {
          workspaceId,
          leadId: waiting.leadId,
          userId: consultant!.id,
          reason: 'QUEUE_DRAINED',
          actor: placement.actor,
          productLine: waiting.productLine,
          slaWindowMs: placement.slaWindowMs,
        }),
      );
      // Just assigned: the back of the rotation.
      consultant!.free -= 1;
      rota.push(consultant!);
    }
  }
  return made;
}

/** Takes the workspace lock to drain; for changes made outside it (a new user). */
export function drainInLock(prisma: PrismaClient, workspaceId: string, placement: PlacementContext) {
  return inWorkspaceLock(prisma, workspaceId, (tx) => drainQueue(tx, workspaceId, placement));
}

/** 1 for the next lead of its line to be handed out. */
export async function queuePosition(db: Pick<PrismaClient, 'waitingLead'>, waiting: Pick<WaitingLead, 'workspaceId' | 'productLine' | 'seq'>) {
  return db.waitingLead.count({ where: { workspaceId: waiting.workspaceId, productLine: waiting.productLine, seq: { lte: waiting.seq } } });
}

export function enqueueWaiting(tx: Tx, data: { workspaceId: string; leadId: string; productLine: ProductLine; actor: string }) {
  return tx.waitingLead.create({ data });
}
