import { badInput, parseInput, workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { inConversation } from '../domain/conversation-writes.ts';
import { conversationLoader, isUuid } from '../domain/visibility.ts';
import { ConversationsErrorCode, fail } from '../errors.ts';
import { Conversation } from './conversation.ts';

const reasonSchema = z.string().trim().min(1, 'is required').max(500);
// A message from the future would pin lastMessageAt there for good (it never goes back).
const CLOCK_SKEW_MS = 5 * 60_000;

const agentOrTeam = { service: true, user: true } as const;

builder.mutationFields((t) => ({
  handOff: t.prismaField({
    type: Conversation,
    description: 'Hands the conversation to a human. Handing off again keeps the first hand-off.',
    authScopes: agentOrTeam,
    args: { conversationId: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: (_query, _root, args, ctx) => {
      const reason = parseInput(reasonSchema, args.reason, 'reason');
      return inConversation(ctx, String(args.conversationId), async ({ tx, conversation, append }) => {
        if (conversation.status === 'HANDED_OFF') return conversation;
        const updated = await tx.conversation.update({
          where: { id: conversation.id },
          data: { status: 'HANDED_OFF', handoffReason: reason, handedOffAt: new Date() },
        });
        await append('HANDED_OFF', { reason });
        return updated;
      });
    },
  }),
  closeConversation: t.prismaField({
    type: Conversation,
    authScopes: agentOrTeam,
    args: { conversationId: t.arg.id({ required: true }) },
    resolve: (_query, _root, args, ctx) =>
      inConversation(
        ctx,
        String(args.conversationId),
        async ({ tx, conversation, append }) => {
          if (conversation.status === 'CLOSED') return conversation;
          const updated = await tx.conversation.update({ where: { id: conversation.id }, data: { status: 'CLOSED' } });
          await append('CLOSED', { from: conversation.status });
          return updated;
        },
        { allowClosed: true },
      ),
  }),
  reopenConversation: t.prismaField({
    type: Conversation,
    description: 'Back to OPEN, with the agent in charge again; the trail keeps the earlier hand-off.',
    authScopes: agentOrTeam,
    args: { conversationId: t.arg.id({ required: true }) },
    resolve: (_query, _root, args, ctx) =>
      inConversation(
        ctx,
        String(args.conversationId),
        async ({ tx, conversation, append }) => {
          if (conversation.status === 'OPEN') return conversation;
          const updated = await tx.conversation.update({
            where: { id: conversation.id },
            data: { status: 'OPEN', handoffReason: null, handedOffAt: null },
          });
          await append('REOPENED', { from: conversation.status });
          return updated;
        },
        { allowClosed: true },
      ),
  }),
  touchConversation: t.prismaField({
    type: Conversation,
    description: 'Records a message at `at`; lastMessageAt only moves forward.',
    authScopes: { service: true },
    args: { conversationId: t.arg.id({ required: true }), at: t.arg({ type: 'DateTime', required: true }) },
    resolve: async (_query, _root, args, ctx) => {
      const id = String(args.conversationId);
      const at = args.at;
      if (at.getTime() > Date.now() + CLOCK_SKEW_MS) throw badInput('at', 'is in the future');
      if (isUuid(id)) {
        // One conditional statement, so concurrent touches cannot move it backwards.
        await ctx.prisma.conversation.updateMany({
          where: { id, workspaceId: workspaceOf(ctx.identity), OR: [{ lastMessageAt: null }, { lastMessageAt: { lt: at } }] },
          data: { lastMessageAt: at },
        });
      }
      const conversation = await conversationLoader(ctx).load(id);
      return conversation ?? fail(ConversationsErrorCode.CONVERSATION_NOT_FOUND, 'No such conversation', { field: 'conversationId' });
    },
  }),
}));
