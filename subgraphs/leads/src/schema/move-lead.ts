import { parseInput } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { closeGap, openGap, shiftWithin, stageSize } from '../domain/positions.ts';
import { inWorkspace, lockedLead } from '../domain/lead-writes.ts';
import { isUuid } from '../domain/visibility.ts';
import { fail, LeadsErrorCode } from '../errors.ts';
import { Lead } from './lead.ts';

const moveSchema = z.object({
  stageId: z.uuid({ message: 'is not a valid id' }),
  position: z.number().int().min(0, 'must be 0 or more').max(100_000),
});

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
      return inWorkspace(ctx, async (w) => {
        const lead = await lockedLead(ctx, w, String(args.id));
        const target = isUuid(input.stageId)
          ? await w.tx.pipelineStage.findFirst({ where: { id: input.stageId, workspaceId: w.workspaceId } })
          : null;
        if (!target || target.pipelineId !== lead.pipelineId) {
          fail(LeadsErrorCode.STAGE_NOT_FOUND, 'stageId: no such stage in this pipeline', { field: 'stageId' });
        }
        const sameStage = target.id === lead.stageId;
        const size = await stageSize(w.tx, target.id);
        const position = Math.min(input.position, sameStage ? size - 1 : size);
        if (sameStage) {
          await shiftWithin(w.tx, target.id, lead.position, position);
        } else {
          await closeGap(w.tx, lead.stageId, lead.position);
          await openGap(w.tx, target.id, position);
        }
        const moved = await w.tx.lead.update({ where: { id: lead.id }, data: { stageId: target.id, position } });
        await w.append({
          leadId: lead.id,
          type: 'MOVED',
          pipelineId: lead.pipelineId,
          fromStageId: lead.stageId,
          toStageId: target.id,
          position,
          data: { fromPosition: lead.position },
        });
        return moved;
      });
    },
  }),
}));
