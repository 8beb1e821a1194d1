import { parseInput, workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';

const doneSchema = z.object({
  queue: z.enum(['qualification']),
  ids: z.array(z.uuid({ message: 'is not a valid id' })).min(1).max(500),
});

builder.mutationFields((t) => ({
  // Workers say what they finished; until then the relay's sweep may hand the
  // job to Redis again (after a flush, say). Outbound jobs are done by their
  // receipts (updateMessageStatus), not here.
  markJobsDone: t.int({
    description: 'Marks jobs of a queue done; answers how many were still open.',
    authScopes: { service: true },
    args: { queue: t.arg.string({ required: true }), ids: t.arg.idList({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(doneSchema, { queue: args.queue, ids: args.ids.map(String) }, '');
      const done = await ctx.prisma.queuedJob.updateMany({
        where: { queue: input.queue, workspaceId: workspaceOf(ctx.identity), id: { in: input.ids }, doneAt: null },
        data: { doneAt: new Date() },
      });
      return done.count;
    },
  }),
}));
