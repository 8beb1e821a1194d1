import { builder } from '../builder.ts';
import { Message, MessageAuthor } from './message.ts';

// What WhatsApp lets people do to a message after it was sent: react to it,
// edit it, delete it for everyone. Each draws a new `updateCursor`, so it
// reaches messageUpdated as status changes do.

const MessageReaction = builder.prismaObject('MessageReaction', {
  description: 'An emoji someone put on a message in WhatsApp; one per side of the chat, the latest one',
  fields: (t) => ({
    emoji: t.exposeString('emoji'),
    author: t.field({
      type: MessageAuthor,
      description: 'LEAD, or CONSULTANT for a reaction from the business phone',
      resolve: (r) => (r.fromLead ? 'LEAD' : 'CONSULTANT'),
    }),
    reactedAt: t.expose('reactedAt', { type: 'DateTime', description: 'WhatsApp’s time of the reaction' }),
  }),
});

builder.prismaObjectFields(Message, (t) => ({
  reactions: t.relation('reactions', {
    type: MessageReaction,
    description: 'Reactions on this message, oldest first; a reaction taken back is not listed',
    query: { where: { emoji: { not: '' } }, orderBy: [{ reactedAt: 'asc' }, { fromLead: 'desc' }] },
  }),
  editedAt: t.expose('editedAt', { type: 'DateTime', nullable: true, description: 'When the sender last edited it in WhatsApp' }),
  originalBody: t.exposeString('originalBody', { nullable: true, description: 'The body before the first edit; null when never edited' }),
  deletedAt: t.expose('deletedAt', {
    type: 'DateTime',
    nullable: true,
    description: 'When the sender deleted it for everyone; the body is kept for the record',
  }),
}));
