import { byKey, workspaceOf } from '@leadwire/platform';
import type { MessagingContext } from '../context.ts';
import { fail, MessagingErrorCode } from '../errors.ts';
import type { Message, Prisma } from '../generated/prisma/client.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids arrive from clients; a malformed one is simply not found, never a SQL error. */
export const isUuid = (id: string) => UUID.test(id);

/** The message filter every read goes through: workspace, then assignment for consultants. */
export async function visibleMessages(ctx: MessagingContext): Promise<Prisma.MessageWhereInput> {
  const workspaceId = workspaceOf(ctx.identity);
  const ids = await ctx.access.visibleLeadIds();
  return ids === null ? { workspaceId } : { workspaceId, leadId: { in: [...ids] } };
}

/** Of the given lead ids, those the caller may see (all of them for everyone but consultants). */
export async function seeableLeads(ctx: MessagingContext, leadIds: readonly string[]): Promise<string[]> {
  const visible = await ctx.access.visibleLeadIds();
  return leadIds.filter((id) => isUuid(id) && (visible === null || visible.has(id)));
}

/** A lead-scoped read or write by someone who may not see the lead is refused outright. */
export async function requireLead(ctx: MessagingContext, leadId: string, field = 'leadId'): Promise<string> {
  if (isUuid(leadId) && (await ctx.access.canSee(leadId))) return leadId;
  return fail(MessagingErrorCode.LEAD_NOT_VISIBLE, 'You cannot see this lead', { field });
}

/**
 * A write names a lead and, optionally, one of its threads: both ids are
 * claims. The lead must exist in the caller's workspace and be theirs to see;
 * the thread must exist there and belong to that very lead.
 */
export async function requireWritableThread(
  ctx: MessagingContext,
  ids: { leadId: string; conversationId?: string | null },
  fields = { leadId: 'input.leadId', conversationId: 'input.conversationId' },
): Promise<void> {
  if (!(await ctx.access.exists(ids.leadId))) fail(MessagingErrorCode.LEAD_NOT_VISIBLE, `${fields.leadId}: no such lead`, { field: fields.leadId });
  if (!ids.conversationId) return;
  const owner = await ctx.directory.conversationLead(workspaceOf(ctx.identity), ids.conversationId);
  if (owner !== ids.leadId) {
    fail(MessagingErrorCode.CONVERSATION_NOT_FOUND, `${fields.conversationId}: no such conversation for this lead`, { field: fields.conversationId });
  }
}

/** Batched, visibility-checked message lookup shared by `_entities` and anything else by id. */
export function messageLoader(ctx: MessagingContext) {
  return ctx.loader('message', async (ids: readonly string[]) => {
    const where = await visibleMessages(ctx);
    const rows = await ctx.prisma.message.findMany({ where: { AND: [where, { id: { in: ids.filter(isUuid) } }] } });
    return byKey(ids, rows, (r) => r.id);
  });
}

export type MessageRow = Message;
