import { builder } from '../builder.ts';

// Entities owned by other subgraphs, referenced by key only. The fields this
// subgraph adds to them are implemented in lead-messages.ts.
export const LeadRef = builder.externalRef('Lead', builder.selection<{ id: string }>('id'));
export const ConversationRef = builder.externalRef('Conversation', builder.selection<{ id: string }>('id'));
