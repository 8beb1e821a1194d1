import { parseInput } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { inConversation } from '../domain/conversation-writes.ts';
import { mergeQualification, qualificationInputSchema } from '../domain/qualification.ts';
import { Conversation, Employment, ProductInterest } from './conversation.ts';

export const QualificationInput = builder.inputType('QualificationInput', {
  description: 'Omitted fields keep their answer; an explicit null clears it.',
  fields: (t) => ({
    fullName: t.string(),
    cpf: t.string(),
    monthlyIncome: t.float(),
    assetValue: t.float({ description: 'Value of the property or vehicle' }),
    downPayment: t.float(),
    city: t.string(),
    productInterest: t.field({ type: ProductInterest }),
    state: t.string({ description: 'UF, e.g. SP' }),
    employment: t.field({ type: Employment }),
    timeframeMonths: t.int({ description: 'Months until the lead means to buy; 0 = now' }),
  }),
});

export const QualificationOutcome = builder.enumType('QualificationOutcome', { values: ['QUALIFIED', 'DISQUALIFIED'] as const });

const completeSchema = z.object({
  score: z.number().int().min(0, 'must be 0 to 100').max(100, 'must be 0 to 100').nullish(),
  reason: z.string().trim().max(500).nullish(),
});

// The AI agent (a service identity) and the team members who can see the lead.
const agentOrTeam = { service: true, user: true } as const;

builder.mutationFields((t) => ({
  updateQualification: t.prismaField({
    type: Conversation,
    description: 'Merges new answers into the qualification and marks it in progress.',
    authScopes: agentOrTeam,
    args: {
      conversationId: t.arg.id({ required: true }),
      input: t.arg({ type: QualificationInput, required: true }),
    },
    resolve: (_query, _root, args, ctx) => {
      const input = parseInput(qualificationInputSchema, args.input);
      return inConversation(ctx, String(args.conversationId), async ({ tx, conversation, append }) => {
        const { qualification, changed } = mergeQualification(conversation.qualification, input);
        // A correction after the outcome keeps the outcome; only an unstarted one starts.
        const started = conversation.qualificationState === 'NOT_STARTED' ? 'IN_PROGRESS' : conversation.qualificationState;
        const updated = await tx.conversation.update({
          where: { id: conversation.id },
          data: { qualification: qualification as object, qualificationState: started },
        });
        // Field names only: the answers are personal data and the trail outlives them.
        await append('QUALIFICATION_UPDATED', { fields: changed });
        return updated;
      });
    },
  }),
  completeQualification: t.prismaField({
    type: Conversation,
    authScopes: agentOrTeam,
    args: {
      conversationId: t.arg.id({ required: true }),
      outcome: t.arg({ type: QualificationOutcome, required: true }),
      score: t.arg.int({ description: '0 to 100' }),
      reason: t.arg.string(),
    },
    resolve: (_query, _root, args, ctx) => {
      const input = parseInput(completeSchema, { score: args.score, reason: args.reason }, '');
      return inConversation(ctx, String(args.conversationId), async ({ tx, conversation, append }) => {
        const updated = await tx.conversation.update({
          where: { id: conversation.id },
          data: {
            qualificationState: args.outcome,
            qualificationScore: input.score ?? conversation.qualificationScore,
            qualifiedAt: new Date(),
          },
        });
        await append(args.outcome, { score: input.score ?? null, reason: input.reason ?? null });
        return updated;
      });
    },
  }),
}));
