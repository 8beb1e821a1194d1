import { parseInput, workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import type { MessagingContext } from '../context.ts';
import type { Message } from '../generated/prisma/client.ts';
import { isUuid, requireLead, seeableLeads } from './visibility.ts';

/**
 * Loaders behind the fields this subgraph adds to Lead and Conversation. A
 * board asks for them on hundreds of leads in one `_entities` call; each
 * loader answers its whole batch with one SQL statement.
 */

function group(rows: Message[], keyOf: (m: Message) => string | null): Map<string, Message[]> {
  const map = new Map<string, Message[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const list = map.get(key) ?? [];
    list.push(row);
    map.set(key, list);
  }
  return map;
}

const clampLast = (last: number | null | undefined, fallback: number) => Math.min(Math.max(last ?? fallback, 0), 200);

/** The newest `last` messages of each lead, oldest first. Hidden leads get none. */
export function leadMessagesLoader(ctx: MessagingContext, last: number | null | undefined) {
  const take = clampLast(last, 20);
  return ctx.loader(`lead-messages:${take}`, async (leadIds: readonly string[]) => {
    const ids = await seeableLeads(ctx, leadIds);
    const rows = ids.length && take
      ? await ctx.prisma.$queryRaw<Message[]>`
          SELECT * FROM (
            SELECT m.*, row_number() OVER (PARTITION BY m."leadId" ORDER BY m."seq" DESC) AS "rank"
            FROM "Message" m
            WHERE m."workspaceId" = ${workspaceOf(ctx.identity)}::uuid AND m."leadId" = ANY(${ids}::uuid[])
          ) ranked WHERE "rank" <= ${take} ORDER BY "seq" ASC`
      : [];
    const byLead = group(rows, (m) => m.leadId);
    return leadIds.map((id) => byLead.get(id) ?? []);
  });
}

/** The newest message of each lead, or null. */
export function latestMessageLoader(ctx: MessagingContext) {
  return ctx.loader('latest-message', async (leadIds: readonly string[]) => {
    const ids = await seeableLeads(ctx, leadIds);
    const rows = ids.length
      ? await ctx.prisma.$queryRaw<Message[]>`
          SELECT DISTINCT ON ("leadId") * FROM "Message"
          WHERE "workspaceId" = ${workspaceOf(ctx.identity)}::uuid AND "leadId" = ANY(${ids}::uuid[])
          ORDER BY "leadId", "seq" DESC`
      : [];
    const byLead = new Map(rows.map((m) => [m.leadId, m] as const));
    return leadIds.map((id) => byLead.get(id) ?? null);
  });
}

/** Inbound messages not yet read, per lead. */
export function unreadCountLoader(ctx: MessagingContext) {
  return ctx.loader('unread-count', async (leadIds: readonly string[]) => {
    const ids = await seeableLeads(ctx, leadIds);
    const counts = ids.length
      ? await ctx.prisma.message.groupBy({
          by: ['leadId'],
          where: { workspaceId: workspaceOf(ctx.identity), leadId: { in: ids }, direction: 'INBOUND', status: { not: 'READ' } },
          _count: { _all: true },
        })
      : [];
    const byLead = new Map(counts.map((c) => [c.leadId, c._count._all] as const));
    return leadIds.map((id) => byLead.get(id) ?? 0);
  });
}

/** The newest `last` messages of each conversation, oldest first, among leads the caller sees. */
export function conversationMessagesLoader(ctx: MessagingContext, last: number | null | undefined) {
  const take = clampLast(last, 50);
  return ctx.loader(`conversation-messages:${take}`, async (conversationIds: readonly string[]) => {
    const visible = await ctx.access.visibleLeadIds();
    const ids = conversationIds.filter(isUuid);
    const rows = ids.length && take && visible?.size !== 0
      ? await ctx.prisma.$queryRaw<Message[]>`
          SELECT * FROM (
            SELECT m.*, row_number() OVER (PARTITION BY m."conversationId" ORDER BY m."seq" DESC) AS "rank"
            FROM "Message" m
            WHERE m."workspaceId" = ${workspaceOf(ctx.identity)}::uuid AND m."conversationId" = ANY(${ids}::uuid[])
              AND (${visible === null} OR m."leadId" = ANY(${[...(visible ?? [])]}::uuid[]))
          ) ranked WHERE "rank" <= ${take} ORDER BY "seq" ASC`
      : [];
    const byConversation = group(rows, (m) => m.conversationId);
    return conversationIds.map((id) => byConversation.get(id) ?? []);
  });
}

const cursorSchema = z.string().regex(/^\d{1,18}$/, 'is not a cursor').nullish();

/**
 * A lead's messages whose `column` (the log position of their creation, or of
 * their latest status change) is past `after`, in that order: what the
 * router's replay-based subscriptions and resuming clients read.
 */
export async function leadMessagesAfter(
  ctx: MessagingContext,
  query: object,
  args: { leadId: string | number; after?: string | null; first?: number | null },
  column: 'seq' | 'updatedSeq',
) {
  const after = parseInput(cursorSchema, args.after, 'after');
  const leadId = await requireLead(ctx, String(args.leadId));
  return ctx.prisma.message.findMany({
    ...query,
    where: { workspaceId: workspaceOf(ctx.identity), leadId, [column]: { gt: BigInt(after ?? '0') } },
    orderBy: { [column]: 'asc' },
    take: Math.min(Math.max(args.first ?? 100, 1), 500),
  });
}
