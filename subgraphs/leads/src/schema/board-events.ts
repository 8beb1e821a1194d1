import { parseInput, workspaceOf } from '@leadwire/platform';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { LeadEvent } from './lead.ts';

const cursorSchema = z.string().regex(/^\d{1,18}$/, 'is not a cursor').nullish();

builder.queryFields((t) => ({
  boardCursor: t.string({
    description: 'The newest board event cursor: subscribe or poll from here.',
    authScopes: { scope: 'leads:read' },
    resolve: async (_root, _args, ctx) => {
      const row = await ctx.prisma.workspaceSequence.findUnique({ where: { workspaceId: workspaceOf(ctx.identity) } });
      return String(row?.seq ?? 0n);
    },
  }),
  boardEventsSince: t.prismaField({
    type: [LeadEvent],
    description:
      'Board events after `after`, oldest first. A client that lost its subscription calls this with the last cursor it saw.',
    authScopes: { scope: 'leads:read' },
    args: { after: t.arg.string(), pipelineId: t.arg.id(), first: t.arg.int({ defaultValue: 100 }) },
    resolve: async (query, _root, args, ctx) => {
      const after = parseInput(cursorSchema, args.after, 'after');
      const ids = await ctx.access.visibleLeadIds();
      return ctx.prisma.leadEvent.findMany({
        ...query,
        where: {
          workspaceId: workspaceOf(ctx.identity),
          seq: { gt: BigInt(after ?? '0') },
          ...(args.pipelineId ? { pipelineId: String(args.pipelineId) } : {}),
          ...(ids ? { leadId: { in: [...ids] } } : {}),
        },
        orderBy: { seq: 'asc' },
        take: Math.min(Math.max(args.first ?? 100, 1), 500),
      });
    },
  }),
}));

// Declared here so that it is part of the composed schema clients are typed
// against; the router serves it over graphql-ws by replaying boardEventsSince.
builder.subscriptionType({});
builder.subscriptionField('boardEvents', (t) =>
  t.field({
    type: LeadEvent,
    description: 'Lead created, updated, moved or deleted. Pass `after` to resume from a cursor.',
    args: { pipelineId: t.arg.id(), after: t.arg.string() },
    subscribe: () => {
      throw new GraphQLError('Subscribe through the router over graphql-ws', { extensions: { code: 'BAD_REQUEST' } });
    },
    resolve: (event) => event as never,
  }),
);
