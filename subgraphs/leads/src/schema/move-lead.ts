import { parseInput } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { closeGap, openGap, shiftWithin, stageSize } from '../domain/positions.ts';
import type { WorkspaceTx } from '../domain/event-log.ts';
import { inWorkspace, lockedLead } from '../domain/lead-writes.ts';
import { enqueueLeadOutcome, outcomeOf } from '../domain/outcome-notice.ts';
import type { LeadsContext } from '../context.ts';
import { isUuid, visibleLeads } from '../domain/visibility.ts';
import { fail, LeadsErrorCode } from '../errors.ts';
import { Lead } from './lead.ts';

const moveSchema = z.object({
  stageId: z.uuid({ message: 'is not a valid id' }),
  position: z.number().int().min(0, 'must be 0 or more').max(100_000),
});

/**
 * A consultant drops a card at a position of the column as they see it, which
 * counts only their own cards. The card goes just above the card they dropped
 * it on (or just below their last one), wherever that sits among the cards
 * they cannot see. Positions count the column without the moved card.
 */
async function absolutePosition(
  ctx: LeadsContext,
  w: WorkspaceTx,
  lead: { id: string; stageId: string; position: number },
  stageId: string,
  visiblePosition: number,
): Promise<number> {
  if ((await ctx.access.visibleLeadIds()) === null) return visiblePosition;
  const others = await w.tx.lead.findMany({
    where: { AND: [await visibleLeads(ctx), { stageId, id: { not: lead.id } }] },
    orderBy: { position: 'asc' },
    select: { position: true },
  });
  const withoutMoved = (p: number) => (stageId === lead.stageId && p > lead.position ? p - 1 : p);
  if (visiblePosition < others.length) return withoutMoved(others[visiblePosition]!.position);
  return others.length ? withoutMoved(others[others.length - 1]!.position) + 1 : 0;
}

builder.mutationFields((t) => ({
  moveLead: t.prismaField({
    type: Lead,
    description: 'Moves a lead to `position` (0 = top) in `stageId`; positions past the end append.',
    authScopes: { scope: 'leads:write' },
    args: {
      id: t.arg.id({ required: true }),
      stageId: t.arg.id({ required: true }),
      position: t.arg.int({ required: true }),
    },
    resolve: async (_query, _root, args, ctx) => {
      const input = parseInput(moveSchema, { stageId: args.stageId, position: args.position }, '');
      let notified = false;
      const result = await inWorkspace(ctx, async (w) => {
        const lead = await lockedLead(ctx, w, String(args.id));
        const target = isUuid(input.stageId)
          ? await w.tx.pipelineStage.findFirst({ where: { id: input.stageId, workspaceId: w.workspaceId } })
          : null;
        if (!target || target.pipelineId !== lead.pipelineId) {
          fail(LeadsErrorCode.STAGE_NOT_FOUND, 'stageId: no such stage in this pipeline', { field: 'stageId' });
        }
        const sameStage = target.id === lead.stageId;
        const size = await stageSize(w.tx, target.id);
        const wanted = await absolutePosition(ctx, w, lead, target.id, input.position);
        const position = Math.min(wanted, sameStage ? size - 1 : size);
        if (sameStage) {
          await shiftWithin(w.tx, target.id, lead.position, position);
        } else {
          await closeGap(w.tx, lead.stageId, lead.position);
          await openGap(w.tx, target.id, position);
        }
        const moved = await w.tx.lead.update({ where: { id: lead.id }, data: { stageId: target.id, position } });
        const seq = await w.append({
          leadId: lead.id,
          type: 'MOVED',
          pipelineId: lead.pipelineId,
          fromStageId: lead.stageId,
          toStageId: target.id,
          position,
          data: { fromPosition: lead.position },
        });
        const from = sameStage ? target : await w.tx.pipelineStage.findUniqueOrThrow({ where: { id: lead.stageId }, select: { kind: true } });
        const outcome = outcomeOf(from.kind, target.kind);
        if (outcome) {
          await enqueueLeadOutcome(w.tx, { workspaceId: w.workspaceId, leadId: lead.id, outcome, cursor: String(seq) });
          notified = true;
        }
        return moved;
      });
      if (notified) ctx.outbox.poke();
      return result;
    },
  }),
}));
