import { parseInput } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { openConversation } from '../domain/conversation-writes.ts';
import { Conversation } from './conversation.ts';

// A person (`<digits>@s.whatsapp.net`), a privacy-preserving id (`<digits>@lid`)
// or a group (`<digits>[-<digits>]@g.us`), as Baileys names them.
const JID = /^(\d{5,20}@s\.whatsapp\.net|\d{5,20}@lid|\d{5,20}(-\d{5,20})?@g\.us)$/;

const openSchema = z.object({
  leadId: z.uuid({ message: 'is not a valid id' }),
  sessionId: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be 1-40 lowercase letters, digits or dashes'),
  remoteJid: z.string().trim().max(80).regex(JID, 'is not a WhatsApp JID'),
});

const OpenConversationInput = builder.inputType('OpenConversationInput', {
  fields: (t) => ({
    leadId: t.id({ required: true }),
    sessionId: t.string({ required: true, description: 'The WhatsApp session, e.g. "sales-1"' }),
    remoteJid: t.string({ required: true, description: 'e.g. 5511987654321@s.whatsapp.net' }),
  }),
});

builder.mutationFields((t) => ({
  openConversation: t.prismaField({
    type: Conversation,
    description: 'Opens the thread between a lead and a session, or returns the one already open.',
    authScopes: { service: true, scope: 'leads:write' },
    args: { input: t.arg({ type: OpenConversationInput, required: true }) },
    resolve: (_query, _root, args, ctx) => openConversation(ctx, parseInput(openSchema, args.input)),
  }),
}));
