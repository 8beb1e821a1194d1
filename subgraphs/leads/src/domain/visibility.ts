import { byKey, workspaceOf } from '@leadwire/platform';
import type { LeadsContext } from '../context.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { ranksOf } from './stage-ranks.ts';

/** The lead filter every read goes through: workspace, then assignment for consultants. */
export async function visibleLeads(ctx: LeadsContext): Promise<Prisma.LeadWhereInput> {
  const workspaceId = workspaceOf(ctx.identity);
  const ids = await ctx.access.visibleLeadIds();
  return ids === null ? { workspaceId } : { workspaceId, id: { in: [...ids] } };
}

/** Batched, visibility-checked lead lookup shared by `lead(id)` and `_entities`. */
export function leadLoader(ctx: LeadsContext) {
  return ctx.loader('lead', async (ids: readonly string[]) => {
    const where = await visibleLeads(ctx);
    const rows = await ctx.prisma.lead.findMany({ where: { AND: [where, { id: { in: [...ids] } }] } });
    return byKey(ids, rows, (r) => r.id);
  });
}

export function stageLoader(ctx: LeadsContext) {
  return ctx.loader('stage', async (ids: readonly string[]) => {
    const rows = await ctx.prisma.pipelineStage.findMany({
      where: { workspaceId: workspaceOf(ctx.identity), id: { in: [...ids] } },
    });
    return byKey(ids, rows, (r) => r.id);
  });
}

export function pipelineLoader(ctx: LeadsContext) {
  return ctx.loader('pipeline', async (ids: readonly string[]) => {
    const rows = await ctx.prisma.pipeline.findMany({
      where: { workspaceId: workspaceOf(ctx.identity), id: { in: [...ids] } },
    });
    return byKey(ids, rows, (r) => r.id);
  });
}

/**
 * A lead's place in its column as the caller sees the column: for a consultant,
 * positions count only their own cards, so the board gives away nothing about
 * how many others sit in between. One statement per request, over the
 * consultant's own leads.
 */
export function visiblePositionLoader(ctx: LeadsContext) {
  return ctx.loader('visible-position', async (ids: readonly string[]) => {
    const visible = await ctx.access.visibleLeadIds();
    if (visible === null) throw new Error('positions are absolute for callers who see every lead');
    const rows = await ctx.prisma.lead.findMany({
      where: { workspaceId: workspaceOf(ctx.identity), id: { in: [...visible] } },
      select: { id: true, stageId: true },
      orderBy: [{ stageId: 'asc' }, { sortKey: 'asc' }, { id: 'asc' }],
    });
    const rank = new Map<string, number>();
    let stage: string | null = null;
    let next = 0;
    for (const row of rows) {
      if (row.stageId !== stage) [stage, next] = [row.stageId, 0];
      rank.set(row.id, next++);
    }
    return ids.map((id) => rank.get(id) ?? null);
  });
}

/**
 * Dense positions for callers who see every lead: each is a count of the
 * index entries before the card, batched into one statement per request.
 * Writes that already know a card's position prime it.
 */
export function absolutePositionLoader(ctx: LeadsContext) {
  return ctx.loader('absolute-position', async (ids: readonly string[]) => {
    const ranks = await ranksOf(ctx.prisma, workspaceOf(ctx.identity), ids);
    return ids.map((id) => ranks.get(id) ?? null);
  });
}

/** The caller's view of a lead's position: absolute for those who see every lead. */
export async function positionFor(ctx: LeadsContext, lead: { id: string }): Promise<number> {
  const loader = (await ctx.access.visibleLeadIds()) === null ? absolutePositionLoader(ctx) : visiblePositionLoader(ctx);
  return (await loader.load(lead.id)) ?? 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids arrive from clients; a malformed one is simply not found, never a SQL error. */
export const isUuid = (id: string) => UUID.test(id);
