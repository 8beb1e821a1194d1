import { parseInput } from '@leadwire/platform';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { builder } from '../builder.ts';
import type { AssignmentContext } from '../context.ts';
import { Assignment } from './assignment.ts';

const cursorSchema = z.string().regex(/^\d{1,18}$/, 'is not a cursor').nullish();

/** The signed-in user, or null for keys and services: they hold no leads. */
const me = (ctx: AssignmentContext) => (ctx.identity.kind === 'user' ? { workspaceId: ctx.identity.workspaceId, userId: ctx.identity.userId } : null);

builder.queryFields((t) => ({
  myAssignmentCursor: t.string({
    description: 'The newest cursor of `myAssignmentsSince`: subscribe or poll from here.',
    authScopes: { user: true },
    resolve: async (_root, _args, ctx) => {
      const who = me(ctx)!;
      const last = await ctx.prisma.assignment.findFirst({ where: who, orderBy: { seq: 'desc' }, select: { seq: true } });
      return String(last?.seq ?? 0n);
    },
  }),
  myAssignmentsSince: t.prismaField({
    type: [Assignment],
    description: 'Leads given to the caller after `after`, oldest first, with why. A client that lost its subscription calls this with the last cursor it saw.',
    authScopes: { user: true },
    args: { after: t.arg.string(), first: t.arg.int({ defaultValue: 100 }) },
    resolve: (query, _root, args, ctx) => {
      const after = parseInput(cursorSchema, args.after, 'after');
      // Every assignment of a workspace is written under its lock, so seq never skips one that commits later.
      return ctx.prisma.assignment.findMany({
        ...query,
        where: { ...me(ctx)!, seq: { gt: BigInt(after ?? '0') } },
        orderBy: { seq: 'asc' },
        take: Math.min(Math.max(args.first ?? 100, 1), 500),
      });
    },
  }),
}));

// Declared here so that it is part of the composed schema clients are typed
// against; the router serves it over graphql-ws by replaying myAssignmentsSince.
builder.subscriptionType({});
builder.subscriptionField('myAssignments', (t) =>
  t.field({
    type: Assignment,
    description: 'A lead was given to me (distribution, the queue, an SLA, a manager). Pass `after` to resume from a cursor.',
    args: { after: t.arg.string() },
    subscribe: () => {
      throw new GraphQLError('Subscribe through the router over graphql-ws', { extensions: { code: 'BAD_REQUEST' } });
    },
    resolve: (assignment) => assignment as never,
  }),
);
