import { parseInput } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { appendUpdated, inWorkspace, lockedLead } from '../domain/lead-writes.ts';

const LeadTouchReason = builder.enumType('LeadTouchReason', {
  description: 'Why another subgraph says a lead changed',
  values: ['ASSIGNMENT_CHANGED', 'CONVERSATION_CHANGED'] as const,
});

builder.mutationFields((t) => ({
  // Data other subgraphs own (who holds a lead, its conversation) shows on the
  // board too; they call this through the router after their own commit so the
  // change reaches the board's event log and its subscribers.
  touchLead: t.boolean({
    authScopes: { manager: true, service: true },
    args: { id: t.arg.id({ required: true }), reason: t.arg({ type: LeadTouchReason, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = parseInput(z.object({ id: z.uuid({ message: 'is not a valid id' }) }), { id: args.id }, '');
      return inWorkspace(ctx, async (w) => {
        const lead = await lockedLead(ctx, w, id);
        await appendUpdated(w, lead, { reason: args.reason });
        return true;
      });
    },
  }),
}));
