import { workspaceOf } from '@leadwire/platform';
import { checkIdCursors } from '@leadwire/platform/pothos';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { leadMessagesAfter } from '../domain/lead-messages.ts';
import { isUuid, messageLoader, requireLead } from '../domain/visibility.ts';
import { ConversationRef, LeadRef } from './refs.ts';

export const MessageDirection = builder.enumType('MessageDirection', { values: ['INBOUND', 'OUTBOUND'] as const });
export const MessageAuthor = builder.enumType('MessageAuthor', { values: ['LEAD', 'AI', 'CONSULTANT', 'SYSTEM'] as const });
export const MessageType = builder.enumType('MessageType', {
  values: ['TEXT', 'IMAGE', 'AUDIO', 'VIDEO', 'DOCUMENT', 'LOCATION', 'TEMPLATE'] as const,
});
export const MessageStatus = builder.enumType('MessageStatus', {
  values: ['QUEUED', 'SENT', 'DELIVERED', 'READ', 'FAILED'] as const,
});

// On every path, also sendMessage's result; a writer gets the id.
export const Message = builder.prismaObject('Message', {
  authScopes: { scope: 'messages:read' },
  fields: (t) => ({
    id: t.exposeID('id', { skipTypeScopes: true }),
    cursor: t.string({
      description: 'Position in the workspace message log; pass it as `after` to resume.',
      resolve: (m) => String(m.seq),
    }),
    leadId: t.exposeID('leadId'),
    lead: t.field({ type: LeadRef, resolve: (m) => ({ id: m.leadId }) }),
    conversation: t.field({
      type: ConversationRef,
      nullable: true,
      resolve: (m) => (m.conversationId ? { id: m.conversationId } : null),
    }),
    direction: t.expose('direction', { type: MessageDirection }),
    author: t.expose('author', { type: MessageAuthor }),
    authorUserId: t.exposeID('authorUserId', { nullable: true }),
    type: t.expose('type', { type: MessageType }),
    body: t.exposeString('body', { nullable: true }),
    mediaUrl: t.string({
      nullable: true,
      description: 'Where the media is fetched, with the same credentials as the API: `/media/<message id>` on the API host',
      resolve: (m) => (m.mediaPath ? `/media/${m.id}` : m.mediaUrl),
    }),
    mediaMime: t.exposeString('mediaMime', { nullable: true }),
    mediaSize: t.exposeInt('mediaSize', { nullable: true, description: 'Bytes' }),
    mediaFileName: t.exposeString('mediaFileName', { nullable: true, description: 'A document’s name as the sender gave it' }),
    waMessageId: t.exposeString('waMessageId', {
      nullable: true,
      description: 'WhatsApp message key id. Queued messages carry one already: the connector sends with it.',
    }),
    sessionId: t.exposeString('sessionId', { nullable: true }),
    status: t.expose('status', { type: MessageStatus }),
    error: t.exposeString('error', { nullable: true }),
    sentAt: t.expose('sentAt', { type: 'DateTime', nullable: true }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    readAt: t.expose('readAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

// References pass the same visibility check as root queries.
builder.asEntity(Message, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => (isUuid(ref.id) ? (messageLoader(ctx).load(ref.id) as any) : null),
});

builder.queryFields((t) => ({
  messages: t.prismaConnection(
    {
      type: Message,
      cursor: 'id',
      defaultSize: 50,
      maxSize: 200,
      description: "A lead's messages, oldest first.",
      authScopes: { scope: 'messages:read' },
      args: { leadId: t.arg.id({ required: true }) },
      resolve: async (query, _root, args, ctx) => {
        checkIdCursors(args);
        const leadId = await requireLead(ctx, String(args.leadId));
        return ctx.prisma.message.findMany({
          ...query,
          where: { workspaceId: workspaceOf(ctx.identity), leadId },
          orderBy: { seq: 'asc' },
        });
      },
    },
    { name: 'MessageConnection' },
    { name: 'MessageEdge' },
  ),
  messageCursor: t.string({
    description: "The newest message cursor: subscribe to messageAdded or poll messagesSince from here.",
    authScopes: { scope: 'messages:read' },
    args: { leadId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireLead(ctx, String(args.leadId));
      const row = await ctx.prisma.workspaceSequence.findUnique({ where: { workspaceId: workspaceOf(ctx.identity) } });
      return String(row?.seq ?? 0n);
    },
  }),
  messagesSince: t.prismaField({
    type: [Message],
    description:
      "A lead's messages after `after`, oldest first. A client that lost its subscription calls this with the last cursor it saw.",
    authScopes: { scope: 'messages:read' },
    args: { leadId: t.arg.id({ required: true }), after: t.arg.string(), first: t.arg.int({ defaultValue: 100 }) },
    resolve: (query, _root, args, ctx) => leadMessagesAfter(ctx, query, args, 'seq'),
  }),
}));

// Declared here so that it is part of the composed schema clients are typed
// against; the router serves it over graphql-ws by replaying messagesSince.
builder.subscriptionType({});
builder.subscriptionField('messageAdded', (t) =>
  t.field({
    type: Message,
    description: "A new message on a lead's thread. Pass `after` to resume from a cursor.",
    args: { leadId: t.arg.id({ required: true }), after: t.arg.string() },
    subscribe: () => {
      throw new GraphQLError('Subscribe through the router over graphql-ws', { extensions: { code: 'BAD_REQUEST' } });
    },
    resolve: (message) => message as never,
  }),
);
