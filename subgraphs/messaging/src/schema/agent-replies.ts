import { createHash } from 'node:crypto';
import { parseInput, QUEUES, workspaceOf, type OutboundJob } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { inWorkspace } from '../domain/message-log.ts';
import { MAX_BODY } from '../domain/templates.ts';
import { fail, MessagingErrorCode } from '../errors.ts';
import { Message } from './message.ts';

const SendAgentRepliesInput = builder.inputType('SendAgentRepliesInput', {
  fields: (t) => ({
    conversationId: t.id({ required: true }),
    key: t.string({ required: true, description: 'Names this batch of replies (e.g. the agent turn); the same key never sends twice' }),
    replies: t.stringList({ required: true }),
  }),
});

const repliesSchema = z.object({
  conversationId: z.uuid({ message: 'is not a valid id' }),
  key: z.string().regex(/^[a-z0-9:-]{1,60}$/, 'must be 1-60 lowercase letters, digits, colons or dashes'),
  replies: z
    .array(z.string().trim().min(1, 'is required').max(MAX_BODY, `must be at most ${MAX_BODY} characters`))
    .min(1, 'needs at least one reply')
    .max(5, 'at most 5 replies per call'),
});

/**
 * The key id of reply `index` of batch `key`: derived, not drawn, so a
 * retried call names the same messages and the unique (workspace, key id)
 * index turns the retry into nothing. Same shape as sendMessage's ids.
 */
function replyMessageId(workspaceId: string, conversationId: string, key: string, index: number) {
  const digest = createHash('sha256').update(`${workspaceId}:${conversationId}:${key}:${index}`).digest('hex');
  return `3EB0${digest.slice(0, 18).toUpperCase()}`;
}

builder.mutationFields((t) => ({
  sendAgentReplies: t.prismaField({
    type: [Message],
    description:
      'The AI agent queues its replies on the conversation’s own WhatsApp session (the AGENT number). Idempotent on `key`: a retry returns the same messages and sends nothing again.',
    authScopes: { service: true },
    args: { input: t.arg({ type: SendAgentRepliesInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const input = parseInput(repliesSchema, args.input);
      const workspaceId = workspaceOf(ctx.identity);
      // The conversation id is a claim: it names a thread of this workspace, whose session and chat we take from its owner.
      const thread = await ctx.directory.conversationThread(workspaceId, input.conversationId);
      if (!thread) fail(MessagingErrorCode.CONVERSATION_NOT_FOUND, 'input.conversationId: no such conversation', { field: 'input.conversationId' });
      const ids = input.replies.map((_, i) => replyMessageId(workspaceId, input.conversationId, input.key, i));
      await inWorkspace(ctx, async (w) => {
        const existing = new Set(
          (await w.tx.message.findMany({ where: { workspaceId, waMessageId: { in: ids } }, select: { waMessageId: true } })).map((m) => m.waMessageId),
        );
        for (const [i, body] of input.replies.entries()) {
          const waMessageId = ids[i]!;
          if (existing.has(waMessageId)) continue;
          const created = await w.tx.message.create({
            data: {
              workspaceId,
              seq: await w.nextSeq(),
              leadId: thread.leadId,
              conversationId: input.conversationId,
              direction: 'OUTBOUND',
              author: 'AI',
              type: 'TEXT',
              body,
              waMessageId,
              sessionId: thread.sessionId,
              remoteJid: thread.remoteJid,
              status: 'QUEUED',
            },
          });
          const job: OutboundJob = {
            messageId: created.id,
            workspaceId,
            sessionId: thread.sessionId,
            remoteJid: thread.remoteJid,
            waMessageId,
            type: 'TEXT',
            body,
            correlationId: ctx.requestId,
          };
          await w.tx.queuedJob.create({ data: { id: created.id, queue: QUEUES.outbound, workspaceId, payload: job as object } });
          w.touched(thread.leadId);
        }
      });
      ctx.jobs.poke();
      const rows = await ctx.prisma.message.findMany({ ...query, where: { workspaceId, waMessageId: { in: ids } } });
      return ids.map((id) => rows.find((r) => r.waMessageId === id)!);
    },
  }),
}));
