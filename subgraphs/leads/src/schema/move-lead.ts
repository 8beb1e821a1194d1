import { parseInput } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { slotAbove, slotAt, slotBelow, type Moved, type Slot } from '../domain/positions.ts';
import { toKey } from '../domain/sort-keys.ts';
import type { WorkspaceTx } from '../domain/event-log.ts';
import { inWorkspace, lockedLead } from '../domain/lead-writes.ts';
import { enqueueLeadOutcome, outcomeOf } from '../domain/outcome-notice.ts';
import type { LeadsContext } from '../context.ts';
import { absolutePositionLoader, isUuid, visibleLeads } from '../domain/visibility.ts';
import { fail, LeadsErrorCode } from '../errors.ts';
import { Lead } from './lead.ts';

const moveSchema = z.object({
  stageId: z.uuid({ message: 'is not a valid id' }),
  position: z.number().int().min(0, 'must be 0 or more').max(100_000),
});

/**
 * Where the card goes. Positions count the column without the moved card.
 * A consultant drops a card at a position of the column as they see it, which
 * counts only their own cards: the card goes just above the card they dropped
 * it on (or just below their last one), wherever that sits among the cards
 * they cannot see.
 */
async function slotFor(ctx: LeadsContext, w: WorkspaceTx, moved: Moved, stageId: string, position: number): Promise<Slot> {
  const leadId = moved.id;
  if ((await ctx.access.visibleLeadIds()) === null) return slotAt(w, stageId, position, moved);
  const mine = await w.tx.lead.findMany({
    where: { AND: [await visibleLeads(ctx), { stageId, id: { not: leadId } }] },
    orderBy: [{ sortKey: 'asc' }, { id: 'asc' }],
    select: { id: true, sortKey: true },
  });
  const card = (i: number) => ({ id: mine[i]!.id, key: toKey(mine[i]!.sortKey) });
  if (position < mine.length) return slotAbove(w, stageId, card(position), moved);
  if (mine.length) return slotBelow(w, stageId, card(mine.length - 1), moved);
  return slotAt(w, stageId, 0, moved);
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
      let placed = 0;
      const result = await inWorkspace(ctx, async (w) => {
        const lead = await lockedLead(ctx, w, String(args.id));
        // The target and the stage the lead leaves, in one statement.
        const stages = isUuid(input.stageId)
          ? await w.tx.pipelineStage.findMany({ where: { id: { in: [input.stageId, lead.stageId] }, workspaceId: w.workspaceId } })
          : [];
        const target = stages.find((s) => s.id === input.stageId);
        if (!target || target.pipelineId !== lead.pipelineId) {
          fail(LeadsErrorCode.STAGE_NOT_FOUND, 'stageId: no such stage in this pipeline', { field: 'stageId' });
        }
        const from = stages.find((s) => s.id === lead.stageId)!;
        const { key, position } = await slotFor(ctx, w, lead, target.id, input.position);
        // The one row a move writes (bar an occasional respacing of its neighbours).
        const moved = await w.tx.lead.update({ where: { id: lead.id }, data: { stageId: target.id, sortKey: key.toFixed() } });
        // The data carries no `fromPosition`: it would cost counting the
        // column the card left, under the lock, and readers need `fromStageId` only.
        const seq = await w.append({
          leadId: lead.id,
          type: 'MOVED',
          pipelineId: lead.pipelineId,
          fromStageId: lead.stageId,
          toStageId: target.id,
          position,
        });
        placed = position;
        const outcome = outcomeOf(from.kind, target.kind);
        if (outcome) {
          await enqueueLeadOutcome(w.tx, { workspaceId: w.workspaceId, leadId: lead.id, outcome, cursor: String(seq) });
          notified = true;
        }
        return moved;
      });
      if (notified) ctx.outbox.poke();
      absolutePositionLoader(ctx).prime(result.id, placed);
      return result;
    },
  }),
}));
