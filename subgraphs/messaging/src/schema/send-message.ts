import { parseInput } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { inWorkspace } from '../domain/message-log.ts';
import { queueTeamMessage, teamThread } from '../domain/team-messages.ts';
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

builder.mutationFields((t) => ({
  sendMessage: t.prismaField({
    type: Message,
    description: 'Queues an outbound WhatsApp message; the connector sends it and reports its status.',
    authScopes: { scope: 'messages:write' },
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const input = parseInput(sendSchema, args.input);
      await requireWritableThread(ctx, input);
      const thread = await teamThread(ctx, input.leadId, input.conversationId, 'input.leadId');
      const message = await inWorkspace(ctx, async (w) => {
        let body = input.body ?? '';
        if (input.templateId) {
          const template = await w.tx.template.findFirst({ where: { id: input.templateId, workspaceId: w.workspaceId } });
          if (!template) fail(MessagingErrorCode.UNKNOWN_TEMPLATE, 'input.templateId: no such template', { field: 'input.templateId' });
          body = renderTemplate(template.body, input.variables ?? {});
        }
        return queueTeamMessage(ctx, w, { leadId: input.leadId, thread, body, type: input.templateId ? 'TEMPLATE' : 'TEXT' }, query);
      });
      ctx.jobs.poke();
      return message;
    },
  }),
}));
