import type { MessagingContext } from '../context.ts';
import type { Suggestion } from '../generated/prisma/client.ts';
import { SUGGESTION_KINDS, visibleSuggestions, type SuggestionStatus } from './suggestions.ts';
import { isUuid, seeableLeads } from './visibility.ts';

// The newest first (a set in REPLY, NEXT_ACTION, FOLLOW_UP order); older sets are history.
const NEWEST = [{ sourceSeq: 'desc' as const }, { kind: 'asc' as const }];
const PER_OWNER = 50;

function newestPerOwner(rows: Suggestion[], keyOf: (s: Suggestion) => string, keys: readonly string[]): Suggestion[][] {
  const byKey = new Map<string, Suggestion[]>();
  for (const row of rows) {
    const list = byKey.get(keyOf(row)) ?? [];
    if (list.length < PER_OWNER) list.push(row);
    byKey.set(keyOf(row), list);
  }
  return keys.map((k) => byKey.get(k) ?? []);
}

/** Lead.suggestions for a batch of leads in one statement; hidden leads get none. */
export function leadSuggestionsLoader(ctx: MessagingContext, status: SuggestionStatus | null | undefined) {
  return ctx.loader(`lead-suggestions:${status ?? ''}`, async (leadIds: readonly string[]) => {
    const ids = await seeableLeads(ctx, leadIds);
    const rows = ids.length
      ? await ctx.prisma.suggestion.findMany({
          where: { AND: [await visibleSuggestions(ctx), { leadId: { in: ids } }, status ? { status } : {}] },
          orderBy: NEWEST,
        })
      : [];
    return newestPerOwner(rows, (s) => s.leadId, leadIds);
  });
}

/** Conversation.suggestions, among leads the caller sees. */
export function conversationSuggestionsLoader(ctx: MessagingContext, status: SuggestionStatus | null | undefined) {
  return ctx.loader(`conversation-suggestions:${status ?? ''}`, async (conversationIds: readonly string[]) => {
    const ids = conversationIds.filter(isUuid);
    const rows = ids.length
      ? await ctx.prisma.suggestion.findMany({
          where: { AND: [await visibleSuggestions(ctx), { conversationId: { in: ids } }, status ? { status } : {}] },
          orderBy: NEWEST,
        })
      : [];
    return newestPerOwner(rows, (s) => s.conversationId, conversationIds);
  });
}

export interface SuggestionCounts {
  total: number;
  pending: number;
  approved: number;
  modified: number;
  rejected: number;
  superseded: number;
  /** Approved, modified or rejected by a person; superseded ones were never decided. */
  decided: number;
  /** (approved + modified) / decided; null while nothing is decided. */
  acceptanceRate: number | null;
}

function counts(rows: Array<{ status: SuggestionStatus; n: number }>): SuggestionCounts {
  const of = (status: SuggestionStatus) => rows.filter((r) => r.status === status).reduce((sum, r) => sum + r.n, 0);
  const [pending, approved, modified, rejected, superseded] = (['PENDING', 'APPROVED', 'MODIFIED', 'REJECTED', 'SUPERSEDED'] as const).map(of);
  const decided = approved + modified + rejected;
  return {
    total: pending + approved + modified + rejected + superseded,
    pending,
    approved,
    modified,
    rejected,
    superseded,
    decided,
    acceptanceRate: decided ? (approved + modified) / decided : null,
  };
}

export interface SuggestionStats extends SuggestionCounts {
  since: Date;
  byKind: Array<SuggestionCounts & { kind: (typeof SUGGESTION_KINDS)[number] }>;
}

/**
 * How suggestions created since `since` fared, overall and per kind, on the
 * leads the caller sees; with `userId`, only those that person decided.
 */
export async function suggestionStats(ctx: MessagingContext, since: Date, userId: string | null): Promise<SuggestionStats> {
  const groups = await ctx.prisma.suggestion.groupBy({
    by: ['kind', 'status'],
    where: { AND: [await visibleSuggestions(ctx), { createdAt: { gte: since } }, userId ? { decidedByUserId: userId } : {}] },
    _count: { _all: true },
  });
  const rows = groups.map((g) => ({ kind: g.kind, status: g.status, n: g._count._all }));
  return {
    since,
    ...counts(rows),
    byKind: SUGGESTION_KINDS.map((kind) => ({ kind, ...counts(rows.filter((r) => r.kind === kind)) })),
  };
}
