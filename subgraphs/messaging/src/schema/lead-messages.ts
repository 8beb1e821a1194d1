import { builder } from '../builder.ts';
import {
  conversationMessagesLoader,
  latestMessageLoader,
  leadMessagesLoader,
  unreadCountLoader,
} from '../domain/lead-messages.ts';
import { Message } from './message.ts';
import { ConversationRef, LeadRef } from './refs.ts';

// A board asks for these on every card: each field is one SQL statement per
// request whatever the number of leads. Leads the caller cannot see get
// nothing rather than an error, so one hidden card does not fail the board.
LeadRef.implement({
  externalFields: () => ({}),
  fields: (t) => ({
    id: t.exposeID('id'),
    messages: t.field({
      type: [Message],
      description: 'The newest messages, oldest first.',
      authScopes: { scope: 'messages:read' },
      args: { last: t.arg.int({ defaultValue: 20 }) },
      resolve: async (lead, args, ctx) => (await leadMessagesLoader(ctx, args.last).load(lead.id)) ?? [],
    }),
    latestMessage: t.field({
      type: Message,
      nullable: true,
      authScopes: { scope: 'messages:read' },
      resolve: (lead, _args, ctx) => latestMessageLoader(ctx).load(lead.id),
    }),
    unreadCount: t.int({
      description: 'Inbound messages not read yet.',
      authScopes: { scope: 'messages:read' },
      resolve: async (lead, _args, ctx) => (await unreadCountLoader(ctx).load(lead.id)) ?? 0,
    }),
  }),
});

ConversationRef.implement({
  externalFields: () => ({}),
  fields: (t) => ({
    id: t.exposeID('id'),
    messages: t.field({
      type: [Message],
      description: 'The newest messages, oldest first.',
      authScopes: { scope: 'messages:read' },
      args: { last: t.arg.int({ defaultValue: 50 }) },
      resolve: async (conversation, args, ctx) =>
        (await conversationMessagesLoader(ctx, args.last).load(conversation.id)) ?? [],
    }),
  }),
});
