import { parseInput, QUEUES, workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { inWorkspace } from '../domain/message-log.ts';
import { allowedFrom, statusChange } from '../domain/status.ts';
import { requireWritableThread } from '../domain/visibility.ts';
import { MAX_BODY } from '../domain/templates.ts';
import type { Message as MessageRow } from '../generated/prisma/client.ts';
import { Message, MessageStatus, MessageType } from './message.ts';

// The WhatsApp connector's side of the contract: it reports what arrives and
// what happened to what was sent, and drains the outbound queue. Only the
// `service` identity (the connector's key) may call these.

const RecordInboundInput = builder.inputType('RecordInboundInput', {
  fields: (t) => ({
    leadId: t.id({ required: true }),
    conversationId: t.id(),
    sessionId: t.string({ required: true }),
    waMessageId: t.string({ required: true }),
    type: t.field({ type: MessageType, required: true }),
    body: t.string(),
    mediaUrl: t.string(),
    mediaMime: t.string(),
    sentAt: t.field({ type: 'DateTime' }),
  }),
});

const inboundSchema = z
  .object({
    leadId: z.uuid({ message: 'is not a valid id' }),
    conversationId: z.uuid({ message: 'is not a valid id' }).nullish(),
    sessionId: z.string().trim().min(1, 'is required').max(100),
    waMessageId: z.string().trim().min(1, 'is required').max(128),
    type: z.enum(['TEXT', 'IMAGE', 'AUDIO', 'VIDEO', 'DOCUMENT', 'LOCATION', 'TEMPLATE']),
    body: z.string().max(MAX_BODY, `must be at most ${MAX_BODY} characters`).nullish(),
    mediaUrl: z.url({ message: 'is not a valid URL' }).max(2048).nullish(),
    mediaMime: z.string().max(255).nullish(),
    sentAt: z.date().nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.type === 'TEXT' && !input.body?.trim()) ctx.addIssue({ code: 'custom', path: ['body'], message: 'is required for TEXT' });
  });

const RecordInboundPayload = builder
  .objectRef<{ message: MessageRow; duplicate: boolean }>('RecordInboundPayload')
  .implement({
    fields: (t) => ({
      message: t.field({ type: Message, resolve: (p) => p.message }),
      duplicate: t.exposeBoolean('duplicate', { description: 'True when this WhatsApp message was already recorded; nothing was written.' }),
    }),
  });

const waIdSchema = z.string().trim().min(1, 'is required').max(128);

builder.mutationFields((t) => ({
  recordInboundMessage: t.field({
    type: RecordInboundPayload,
    description: 'Records a message the lead sent. Idempotent on waMessageId.',
    authScopes: { service: true },
    args: { input: t.arg({ type: RecordInboundInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(inboundSchema, args.input);
      const workspaceId = workspaceOf(ctx.identity);
      const key = { workspaceId_waMessageId: { workspaceId, waMessageId: input.waMessageId } };
      // Replays are the common case after a reconnect: answer them without taking the lock.
      const seen = await ctx.prisma.message.findUnique({ where: key });
      if (seen) return { message: seen, duplicate: true };
      await requireWritableThread(ctx, input);
      return inWorkspace(ctx, async (w) => {
        const raced = await w.tx.message.findUnique({ where: key });
        if (raced) return { message: raced, duplicate: true };
        const message = await w.tx.message.create({
          data: {
            workspaceId,
            seq: await w.nextSeq(),
            leadId: input.leadId,
            conversationId: input.conversationId ?? null,
            direction: 'INBOUND',
            author: 'LEAD',
            type: input.type,
            body: input.body ?? null,
            mediaUrl: input.mediaUrl ?? null,
            mediaMime: input.mediaMime ?? null,
            waMessageId: input.waMessageId,
            sessionId: input.sessionId,
            status: 'DELIVERED',
            sentAt: input.sentAt ?? new Date(),
            deliveredAt: new Date(),
          },
        });
        w.touched(message.leadId);
        return { message, duplicate: false };
      });
    },
  }),
  updateMessageStatus: t.prismaField({
    type: Message,
    nullable: true,
    description: 'Applies a WhatsApp receipt. Status only moves forward; a stale receipt is ignored. Null for an unknown id.',
    authScopes: { service: true },
    args: {
      waMessageId: t.arg.string({ required: true }),
      status: t.arg({ type: MessageStatus, required: true }),
      error: t.arg.string(),
    },
    resolve: async (query, _root, args, ctx) => {
      const waMessageId = parseInput(waIdSchema, args.waMessageId, 'waMessageId');
      const error = parseInput(z.string().max(1000).nullish(), args.error, 'error');
      return inWorkspace(ctx, async (w) => {
        const key = { workspaceId_waMessageId: { workspaceId: w.workspaceId, waMessageId } };
        const message = await w.tx.message.findUnique({ where: key });
        if (!message) return null;
        if (!allowedFrom(args.status).includes(message.status)) return message;
        const updated = await w.tx.message.update({ ...query, where: key, data: { ...statusChange(message, args.status, error), updatedSeq: await w.nextSeq() } });
        // A receipt (or a final failure) ends the send: the sweep must not hand it over again.
        await w.tx.queuedJob.updateMany({ where: { queue: QUEUES.outbound, id: updated.id, doneAt: null }, data: { doneAt: new Date() } });
        w.touched(updated.leadId);
        return updated;
      });
    },
  }),
}));

builder.queryFields((t) => ({
  queuedMessages: t.prismaField({
    type: [Message],
    description: 'Outbound messages waiting to be sent, oldest first.',
    authScopes: { service: true },
    args: { first: t.arg.int({ defaultValue: 50 }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.message.findMany({
        ...query,
        where: { workspaceId: workspaceOf(ctx.identity), direction: 'OUTBOUND', status: 'QUEUED' },
        orderBy: { seq: 'asc' },
        take: Math.min(Math.max(args.first ?? 50, 1), 500),
      }),
  }),
}));
