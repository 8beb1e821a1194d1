import { byKey, workspaceOf } from '@leadwire/platform';
import type { LeadsContext } from '../context.ts';
import type { Prisma } from '../generated/prisma/client.ts';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids arrive from clients; a malformed one is simply not found, never a SQL error. */
export const isUuid = (id: string) => UUID.test(id);
