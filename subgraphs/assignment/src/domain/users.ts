import { byKey } from '@leadwire/platform';
import type { AssignmentContext } from '../context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids arrive from clients; a malformed one is simply not found, never a SQL error. */
export const isUuid = (id: string) => UUID.test(id);

/** The caller's workspace, or null for the router's own identity and anonymous callers. */
export function workspaceOrNull(ctx: AssignmentContext): string | null {
  const id = ctx.identity;
  return id.kind === 'anonymous' || id.kind === 'system' ? null : id.workspaceId;
}

/** Batched user lookup shared by `user(id)`, relations and `_entities`; other workspaces read as missing. */
export function userLoader(ctx: AssignmentContext) {
  return ctx.loader('user', async (ids: readonly string[]) => {
    const workspaceId = workspaceOrNull(ctx);
    const wanted = ids.filter(isUuid);
    if (!workspaceId || !wanted.length) return ids.map(() => null);
    const rows = await ctx.prisma.user.findMany({ where: { workspaceId, id: { in: wanted } } });
    return byKey(ids, rows, (r) => r.id);
  });
}

/** Open leads each user holds now (WON and LOST ones do not count): the number capacity is measured against. */
export function openLeadCountLoader(ctx: AssignmentContext) {
  return ctx.loader('openLeadCount', async (userIds: readonly string[]) => {
    const workspaceId = workspaceOrNull(ctx);
    if (!workspaceId) return userIds.map(() => 0);
    const rows = await ctx.prisma.leadAssignment.groupBy({
      by: ['userId'],
      where: { workspaceId, userId: { in: [...userIds] }, closedAt: null },
      _count: { _all: true },
    });
    const counts = new Map(rows.map((r) => [r.userId, r._count._all]));
    return userIds.map((id) => counts.get(id) ?? 0);
  });
}
