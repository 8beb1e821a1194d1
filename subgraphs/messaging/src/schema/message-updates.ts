import { parseInput, workspaceOf } from '@leadwire/platform';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { requireLead } from '../domain/visibility.ts';
import { Message } from './message.ts';

const cursorSchema = z.string().regex(/^\d{1,18}$/, 'is not a cursor').nullish();

// Status changes (SENT → DELIVERED → READ, FAILED) draw a number from the same
// workspace sequence as new messages, so one cursor orders both streams.
builder.prismaObjectField(Message, 'updateCursor', (t) =>
  t.string({
    nullable: true,
    description: 'Position of the latest status change in the workspace log; pass it as `after` to messageUpdated.',
    resolve: (m) => (m.updatedSeq === null ? null : String(m.updatedSeq)),
  }),
);

builder.queryField('messageUpdatesSince', (t) =>
  t.prismaField({
    type: [Message],
    description: "A lead's messages whose status changed after `after`, in the order the changes happened.",
    authScopes: { scope: 'messages:read' },
    args: { leadId: t.arg.id({ required: true }), after: t.arg.string(), first: t.arg.int({ defaultValue: 100 }) },
    resolve: async (query, _root, args, ctx) => {
      const after = parseInput(cursorSchema, args.after, 'after');
      const leadId = await requireLead(ctx, String(args.leadId));
      return ctx.prisma.message.findMany({
        ...query,
        where: { workspaceId: workspaceOf(ctx.identity), leadId, updatedSeq: { gt: BigInt(after ?? '0') } },
        orderBy: { updatedSeq: 'asc' },
        take: Math.min(Math.max(args.first ?? 100, 1), 500),
      });
    },
  }),
);

// Served by the router over graphql-ws by replaying messageUpdatesSince.
builder.subscriptionField('messageUpdated', (t) =>
  t.field({
    type: Message,
    description: "A message of a lead's thread changed status (sent, delivered, read, failed). Pass `after` to resume.",
    args: { leadId: t.arg.id({ required: true }), after: t.arg.string() },
    subscribe: () => {
      throw new GraphQLError('Subscribe through the router over graphql-ws', { extensions: { code: 'BAD_REQUEST' } });
    },
    resolve: (message) => message as never,
  }),
);
