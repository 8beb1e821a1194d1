import type { Tx } from './event-log.ts';

/**
 * Positions are dense (0..n-1) within a stage. These run under the workspace
 * lock, so each shift sees a consistent stage and concurrent moves cannot
 * leave duplicates or holes.
 */
export async function stageSize(tx: Tx, stageId: string): Promise<number> {
  return tx.lead.count({ where: { stageId } });
}

export async function openGap(tx: Tx, stageId: string, at: number): Promise<void> {
  await tx.lead.updateMany({ where: { stageId, position: { gte: at } }, data: { position: { increment: 1 } } });
}

export async function closeGap(tx: Tx, stageId: string, at: number): Promise<void> {
  await tx.lead.updateMany({ where: { stageId, position: { gt: at } }, data: { position: { decrement: 1 } } });
}

/** Moves within one stage: shifts only the cards between the old and new slot. */
export async function shiftWithin(tx: Tx, stageId: string, from: number, to: number): Promise<void> {
  if (to > from) {
    await tx.lead.updateMany({
      where: { stageId, position: { gt: from, lte: to } },
      data: { position: { decrement: 1 } },
    });
  } else if (to < from) {
    await tx.lead.updateMany({
      where: { stageId, position: { gte: to, lt: from } },
      data: { position: { increment: 1 } },
    });
  }
}
