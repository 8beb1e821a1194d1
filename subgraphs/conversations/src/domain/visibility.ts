import { byKey, workspaceOf } from '@leadwire/platform';
import type { ConversationsContext } from '../context.ts';
import type { Conversation, ConversationEvent, Prisma } from '../generated/prisma/client.ts';

/** The conversation filter every read goes through: workspace, then the lead's assignment for consultants. */
export async function visibleConversations(ctx: ConversationsContext): Promise<Prisma.ConversationWhereInput> {
  const workspaceId = workspaceOf(ctx.identity);
  const ids = await ctx.access.visibleLeadIds();
  return ids === null ? { workspaceId } : { workspaceId, leadId: { in: [...ids] } };
}

/** Batched, visibility-checked lookup shared by `conversation(id)`, mutations' results and `_entities`. */
export function conversationLoader(ctx: ConversationsContext) {
  return ctx.loader('conversation', async (ids: readonly string[]) => {
    const valid = ids.filter(isUuid);
    if (!valid.length) return ids.map(() => null);
    const where = await visibleConversations(ctx);
    const rows = await ctx.prisma.conversation.findMany({ where: { AND: [where, { id: { in: valid } }] } });
    return byKey(ids, rows, (r) => r.id);
  });
}

/** Most recently active first: the last message, or creation for a thread without messages yet. */
export function byActivity(a: Conversation, b: Conversation): number {
  const at = (c: Conversation) => (c.lastMessageAt ?? c.createdAt).getTime();
  return at(b) - at(a) || b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1);
}

/**
 * A lead's conversations, most recently active first. One statement per batch
 * of leads, so a board of 200 lead cards costs one query here; leads the
 * caller may not see get an empty list without touching the database.
 */
export function conversationsByLeadLoader(ctx: ConversationsContext) {
  return ctx.loader('conversationsByLead', async (leadIds: readonly string[]) => {
    const visible = await ctx.access.visibleLeadIds();
    const wanted = leadIds.filter((id) => isUuid(id) && (visible === null || visible.has(id)));
    const rows = wanted.length
      ? await ctx.prisma.conversation.findMany({
          where: { workspaceId: workspaceOf(ctx.identity), leadId: { in: [...new Set(wanted)] } },
        })
      : [];
    const byLead = new Map<string, Conversation[]>();
    for (const row of rows) {
      const list = byLead.get(row.leadId) ?? [];
      list.push(row);
      byLead.set(row.leadId, list);
    }
    return leadIds.map((id) => (byLead.get(id) ?? []).sort(byActivity));
  });
}

/** Events of many conversations in one statement, oldest first. */
export function eventsLoader(ctx: ConversationsContext) {
  return ctx.loader('events', async (conversationIds: readonly string[]) => {
    const rows = await ctx.prisma.conversationEvent.findMany({
      where: { workspaceId: workspaceOf(ctx.identity), conversationId: { in: [...conversationIds] } },
      orderBy: { id: 'asc' },
    });
    const byConversation = new Map<string, ConversationEvent[]>();
    for (const row of rows) {
      const list = byConversation.get(row.conversationId) ?? [];
      list.push(row);
      byConversation.set(row.conversationId, list);
    }
    return conversationIds.map((id) => byConversation.get(id) ?? []);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids arrive from clients; a malformed one is simply not found, never a SQL error. */
export const isUuid = (id: string) => UUID.test(id);
