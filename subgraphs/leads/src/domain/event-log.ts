import { actorOf, channels, wake, workspaceOf } from '@leadwire/platform';
import type { LeadsContext } from '../context.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { rankOf } from './positions.ts';

export type Tx = Prisma.TransactionClient;

export interface NewLeadEvent {
  leadId: string;
  type: 'CREATED' | 'UPDATED' | 'MOVED' | 'DELETED';
  pipelineId: string;
  fromStageId?: string | null;
  toStageId?: string | null;
  position?: number | null;
  data?: Prisma.InputJsonValue;
}

/**
 * Draws the workspace's next sequence number. The upsert takes a row lock that
 * is held until commit, which does two jobs: writes to one workspace's board
 * are serialized (a card's neighbours cannot move while its key is chosen),
 * and sequence numbers commit in order (a reader that saw N saw everything
 * before N).
 */
async function nextSeq(tx: Tx, workspaceId: string): Promise<bigint> {
  const rows = await tx.$queryRaw<Array<{ seq: bigint }>>`
    INSERT INTO "WorkspaceSequence" ("workspaceId", "seq") VALUES (${workspaceId}::uuid, 1)
    ON CONFLICT ("workspaceId") DO UPDATE SET "seq" = "WorkspaceSequence"."seq" + 1
    RETURNING "seq"`;
  return rows[0]!.seq;
}

export interface WorkspaceTx {
  tx: Tx;
  workspaceId: string;
  append(event: NewLeadEvent): Promise<bigint>;
  /**
   * A number of the workspace sequence for a change that is not one lead's
   * event (a stage changing kind): every event committed before this
   * transaction has a lower one, every later event a higher one, so it orders
   * the change among the leads' events as a cursor. It takes no place in the
   * log; the log's cursors already skip numbers drawn by writes with no event.
   */
  stamp(): Promise<bigint>;
}

/** Logs that a lead changed where it stands: the board refreshes its card. */
export async function appendUpdated(
  w: WorkspaceTx,
  lead: { id: string; pipelineId: string; stageId: string; sortKey: Prisma.Decimal },
  data: Prisma.InputJsonValue,
): Promise<bigint> {
  const position = await rankOf(w, lead);
  return w.append({ leadId: lead.id, type: 'UPDATED', pipelineId: lead.pipelineId, toStageId: lead.stageId, position, data });
}

/**
 * Runs a board write as one transaction under the workspace lock, appends its
 * events to the log in the same transaction, and wakes subscribers after
 * commit. Every leads mutation goes through here.
 */
export async function inWorkspace<T>(ctx: LeadsContext, work: (w: WorkspaceTx) => Promise<T>): Promise<T> {
  const workspaceId = workspaceOf(ctx.identity);
  const actor = actorOf(ctx.identity);
  let lastSeq: bigint | null = null;
  const result = await ctx.prisma.$transaction(
    async (tx) => {
      // Take the lock first so that every write below is serialized.
      let pending: bigint | null = await nextSeq(tx, workspaceId);
      // The lock already drew one number; the first event or stamp uses it.
      const draw = async () => {
        const seq = pending ?? (await nextSeq(tx, workspaceId));
        pending = null;
        return seq;
      };
      const append = async (event: NewLeadEvent) => {
        const seq = await draw();
        await tx.leadEvent.create({
          data: {
            workspaceId,
            seq,
            leadId: event.leadId,
            type: event.type,
            pipelineId: event.pipelineId,
            fromStageId: event.fromStageId ?? null,
            toStageId: event.toStageId ?? null,
            position: event.position ?? null,
            actor,
            data: event.data ?? {},
          },
        });
        lastSeq = seq;
        return seq;
      };
      return work({ tx, workspaceId, append, stamp: draw });
    },
    { timeout: 15_000, maxWait: 10_000 },
  );
  if (lastSeq !== null) {
    await wake(ctx.pubsub, channels.board(workspaceId), { workspaceId, cursor: String(lastSeq) }, (err) =>
      ctx.log.warn({ err }, 'board wake-up not published; subscribers catch up on the next event'),
    );
  }
  return result;
}
