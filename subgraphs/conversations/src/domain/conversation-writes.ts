import { actorOf, workspaceOf } from '@leadwire/platform';
import type { ConversationsContext } from '../context.ts';
import { ConversationsErrorCode, fail } from '../errors.ts';
import { Prisma, type Conversation, type ConversationEventType } from '../generated/prisma/client.ts';
import { isUuid, visibleConversations } from './visibility.ts';

export type Tx = Prisma.TransactionClient;

export interface ConversationTx {
  tx: Tx;
  conversation: Conversation;
  append(type: ConversationEventType, data?: Prisma.InputJsonValue): Promise<void>;
}

/**
 * Runs a write on one conversation the caller may see: the row is locked for
 * the whole transaction (so read-merge-write of the answers cannot lose a
 * concurrent update) and events are appended in the same transaction, so the
 * audit trail never disagrees with the row.
 */
export async function inConversation<T>(
  ctx: ConversationsContext,
  conversationId: string,
  work: (w: ConversationTx) => Promise<T>,
  { allowClosed = false } = {},
): Promise<T> {
  const notFound = () => fail(ConversationsErrorCode.CONVERSATION_NOT_FOUND, 'No such conversation', { field: 'conversationId' });
  if (!isUuid(conversationId)) notFound();
  const workspaceId = workspaceOf(ctx.identity);
  // Resolved before the transaction: for consultants it is a call to the router.
  const visible = await visibleConversations(ctx);
  const actor = actorOf(ctx.identity);
  return ctx.prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Conversation" WHERE "id" = ${conversationId}::uuid AND "workspaceId" = ${workspaceId}::uuid FOR UPDATE`;
      const conversation = await tx.conversation.findFirst({ where: { AND: [visible, { id: conversationId }] } });
      if (!conversation) return notFound();
      if (conversation.status === 'CLOSED' && !allowClosed) {
        fail(ConversationsErrorCode.CONVERSATION_CLOSED, 'The conversation is closed; reopen it first');
      }
      const append = async (type: ConversationEventType, data: Prisma.InputJsonValue = {}) => {
        await tx.conversationEvent.create({ data: { workspaceId, conversationId, type, data, actor } });
      };
      return work({ tx, conversation, append });
    },
    { timeout: 15_000, maxWait: 10_000 },
  );
}

export interface OpenInput {
  leadId: string;
  sessionId: string;
  remoteJid: string;
}

/**
 * One thread per (workspace, lead, session): a second open returns the first.
 * Two concurrent opens race on the unique index; the loser reads the winner's row.
 */
export async function openConversation(ctx: ConversationsContext, input: OpenInput): Promise<Conversation> {
  const workspaceId = workspaceOf(ctx.identity);
  // The lead id is a claim: it must name a lead of this workspace the caller may see.
  if (!(await ctx.access.exists(input.leadId))) {
    fail(ConversationsErrorCode.LEAD_NOT_FOUND, 'input.leadId: no such lead', { field: 'input.leadId' });
  }
  const where = { workspaceId_leadId_sessionId: { workspaceId, leadId: input.leadId, sessionId: input.sessionId } };
  const existing = await ctx.prisma.conversation.findUnique({ where });
  if (existing) return existing;
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      const created = await tx.conversation.create({ data: { workspaceId, ...input } });
      // The JID is a phone number: personal data stays on the row, not in the trail.
      await tx.conversationEvent.create({
        data: { workspaceId, conversationId: created.id, type: 'OPENED', data: { sessionId: input.sessionId }, actor: actorOf(ctx.identity) },
      });
      return created;
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      const winner = await ctx.prisma.conversation.findUnique({ where });
      if (winner) return winner;
    }
    throw err;
  }
}
