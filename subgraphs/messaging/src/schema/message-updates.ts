import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { leadMessagesAfter } from '../domain/lead-messages.ts';
import { Message } from './message.ts';

// Status changes (SENT → DELIVERED → READ, FAILED), reactions, edits and
// deletions draw a number from the same workspace sequence as new messages, so
// one cursor orders both streams.
builder.prismaObjectField(Message, 'updateCursor', (t) =>
  t.string({
    nullable: true,
    description: 'Position of the latest change (status, reaction, edit, deletion) in the workspace log; pass it as `after` to messageUpdated.',
    resolve: (m) => (m.updatedSeq === null ? null : String(m.updatedSeq)),
  }),
);

builder.queryField('messageUpdatesSince', (t) =>
  t.prismaField({
    type: [Message],
    description: "A lead's messages that changed (status, reactions, edits, deletions) after `after`, in the order the changes happened.",
    authScopes: { scope: 'messages:read' },
    args: { leadId: t.arg.id({ required: true }), after: t.arg.string(), first: t.arg.int({ defaultValue: 100 }) },
    resolve: (query, _root, args, ctx) => leadMessagesAfter(ctx, query, args, 'updatedSeq'),
  }),
);

// Served by the router over graphql-ws by replaying messageUpdatesSince.
builder.subscriptionField('messageUpdated', (t) =>
  t.field({
    type: Message,
    description: "A message of a lead's thread changed: its status (sent, delivered, read, failed), its reactions, an edit or a deletion by its sender. Pass `after` to resume.",
    args: { leadId: t.arg.id({ required: true }), after: t.arg.string() },
    subscribe: () => {
      throw new GraphQLError('Subscribe through the router over graphql-ws', { extensions: { code: 'BAD_REQUEST' } });
    },
    resolve: (message) => message as never,
  }),
);
