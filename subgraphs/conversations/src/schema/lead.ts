import { builder } from '../builder.ts';
import { conversationsByLeadLoader } from '../domain/visibility.ts';
import { Conversation, QualificationState } from './conversation.ts';

// Lead belongs to the leads subgraph; this one only knows its key and adds the
// lead's WhatsApp threads. All three fields share one loader, so a board of
// leads costs one statement however many of them it asks for.
export const Lead = builder.externalRef('Lead', builder.selection<{ id: string }>('id')).implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: (t) => ({
    conversations: t.field({
      type: [Conversation],
      description: 'Most recently active first; empty for a lead the caller may not see.',
      authScopes: { scope: 'conversations:read' },
      resolve: async (lead, _args, ctx) => (await conversationsByLeadLoader(ctx).load(lead.id)) ?? [],
    }),
    conversation: t.field({
      type: Conversation,
      nullable: true,
      description: 'The most recently active conversation.',
      authScopes: { scope: 'conversations:read' },
      resolve: async (lead, _args, ctx) => (await conversationsByLeadLoader(ctx).load(lead.id))?.[0] ?? null,
    }),
    qualificationState: t.field({
      type: QualificationState,
      nullable: true,
      description: 'Of the most recently active conversation.',
      authScopes: { scope: 'conversations:read' },
      resolve: async (lead, _args, ctx) =>
        (await conversationsByLeadLoader(ctx).load(lead.id))?.[0]?.qualificationState ?? null,
    }),
  }),
});

builder.prismaObjectField(Conversation, 'lead', (t) =>
  t.field({ type: Lead, resolve: (conversation) => ({ id: conversation.leadId }) }),
);
