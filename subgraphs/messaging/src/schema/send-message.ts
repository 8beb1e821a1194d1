import { randomBytes } from 'node:crypto';
import { parseInput, QUEUES, workspaceOf, type OutboundJob } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { inWorkspace } from '../domain/message-log.ts';
import { MAX_BODY, renderTemplate } from '../domain/templates.ts';
import { requireWritableThread } from '../domain/visibility.ts';
import { fail, MessagingErrorCode } from '../errors.ts';
import { Message } from './message.ts';

const SendMessageInput = builder.inputType('SendMessageInput', {
  fields: (t) => ({
    leadId: t.id({ required: true }),
    body: t.string({ description: 'Required unless templateId is given' }),
    conversationId: t.id(),
    templateId: t.id(),
    variables: t.field({ type: 'JSON', description: 'Template values by variable name, e.g. {"name": "Ana"}' }),
  }),
});

const sendSchema = z
  .object({
    leadId: z.uuid({ message: 'is not a valid id' }),
    body: z.string().trim().min(1, 'is required').max(MAX_BODY, `must be at most ${MAX_BODY} characters`).nullish(),
    conversationId: z.uuid({ message: 'is not a valid id' }).nullish(),
    templateId: z.uuid({ message: 'is not a valid id' }).nullish(),
    variables: z.record(z.string().max(64), z.string().max(MAX_BODY)).nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.templateId && input.body) ctx.addIssue({ code: 'custom', path: ['body'], message: 'must be empty when templateId is given' });
    if (!input.templateId && !input.body) ctx.addIssue({ code: 'custom', path: ['body'], message: 'is required' });
  });

/**
 * WhatsApp lets the sender choose a message's key id. Choosing it at queue
 * time, in the format WhatsApp Web uses, lets the connector send with it and
 * report receipts by it, and a retried send is recognised as the same message.
 */
const newWaMessageId = () => `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;

builder.mutationFields((t) => ({
  sendMessage: t.prismaField({
    type: Message,
    description: 'Queues an outbound WhatsApp message; the connector sends it and reports its status.',
    authScopes: { scope: 'messages:write' },
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const input = parseInput(sendSchema, args.input);
      await requireWritableThread(ctx, input);
      const identity = ctx.identity;
      const byUser = identity.kind === 'user';
      const workspaceId = workspaceOf(identity);
      const phone = await ctx.directory.leadPhone(workspaceId, input.leadId);
      if (!phone) fail(MessagingErrorCode.LEAD_WITHOUT_PHONE, 'input.leadId: this lead has no phone to message', { field: 'input.leadId' });
      const remoteJid = `${phone.slice(1)}@s.whatsapp.net`;
      // Consultants write from the TEAM number; the thread with it is opened on first use.
      const conversationId =
        input.conversationId ?? (await ctx.directory.openThread(workspaceId, { leadId: input.leadId, sessionId: ctx.teamSessionId, remoteJid }));
      const message = await inWorkspace(ctx, async (w) => {
        let body = input.body ?? '';
        if (input.templateId) {
          const template = await w.tx.template.findFirst({ where: { id: input.templateId, workspaceId: w.workspaceId } });
          if (!template) fail(MessagingErrorCode.UNKNOWN_TEMPLATE, 'input.templateId: no such template', { field: 'input.templateId' });
          body = renderTemplate(template.body, input.variables ?? {});
        }
        const created = await w.tx.message.create({
          ...query,
          data: {
            workspaceId: w.workspaceId,
            seq: await w.nextSeq(),
            leadId: input.leadId,
            conversationId,
            direction: 'OUTBOUND',
            author: byUser ? 'CONSULTANT' : 'SYSTEM',
            authorUserId: byUser ? identity.userId : null,
            type: input.templateId ? 'TEMPLATE' : 'TEXT',
            body,
            waMessageId: newWaMessageId(),
            sessionId: ctx.teamSessionId,
            remoteJid,
            status: 'QUEUED',
          },
        });
        // The send is recorded with the message: it cannot be lost between commit and queue.
        const job: OutboundJob = {
          messageId: created.id,
          workspaceId: w.workspaceId,
          sessionId: ctx.teamSessionId,
          remoteJid,
          waMessageId: created.waMessageId!,
          type: 'TEXT',
          body,
          correlationId: ctx.requestId,
        };
        await w.tx.queuedJob.create({ data: { id: created.id, queue: QUEUES.outbound, workspaceId: w.workspaceId, payload: job as object } });
        w.touched(created.leadId);
        return created;
      });
      ctx.jobs.poke();
      return message;
    },
  }),
}));
