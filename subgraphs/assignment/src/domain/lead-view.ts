import { seesAllLeads } from '@leadwire/platform';
import type { AssignmentContext } from '../context.ts';
import type { Assignment, User } from '../generated/prisma/client.ts';
import { isUuid, userLoader, workspaceOrNull } from './users.ts';

/**
 * The consultant filter of the Lead extension: managers, admins, API keys and
 * services see every assignment of their workspace; a consultant only the
 * leads they hold; anything else nothing.
 */
function viewer(ctx: AssignmentContext): { workspaceId: string; onlyUserId: string | null } | null {
  const workspaceId = workspaceOrNull(ctx);
  if (!workspaceId) return null;
  if (seesAllLeads(ctx.identity)) return { workspaceId, onlyUserId: null };
  return ctx.identity.kind === 'user' ? { workspaceId, onlyUserId: ctx.identity.userId } : null;
}

/** Lead id → its current assignee, in one statement for the whole batch. */
export function assigneeLoader(ctx: AssignmentContext) {
  return ctx.loader('leadAssignee', async (leadIds: readonly string[]) => {
    const v = viewer(ctx);
    const ids = leadIds.filter(isUuid);
    if (!v || !ids.length) return leadIds.map(() => null);
    const rows = await ctx.prisma.$queryRaw<Array<User & { leadId: string }>>`
      SELECT la."leadId", u.* FROM "LeadAssignment" la JOIN "User" u ON u."id" = la."userId"
      WHERE la."workspaceId" = ${v.workspaceId}::uuid AND la."leadId" = ANY(${ids}::uuid[])
        AND (${v.onlyUserId}::uuid IS NULL OR la."userId" = ${v.onlyUserId}::uuid)`;
    const users = userLoader(ctx);
    const byLead = new Map<string, User>();
    for (const { leadId, ...user } of rows) {
      users.prime(user.id, user);
      byLead.set(leadId, user);
    }
    return leadIds.map((id) => byLead.get(id) ?? null);
  });
}

/** Lead id → its assignment history, newest first; empty where the caller may not look. */
export function historyLoader(ctx: AssignmentContext) {
  return ctx.loader('leadHistory', async (leadIds: readonly string[]) => {
    const v = viewer(ctx);
    let ids = leadIds.filter(isUuid);
    if (v?.onlyUserId) {
      const mine = await ctx.prisma.leadAssignment.findMany({
        where: { workspaceId: v.workspaceId, userId: v.onlyUserId, leadId: { in: ids } },
        select: { leadId: true },
      });
      ids = mine.map((m) => m.leadId);
    }
    if (!v || !ids.length) return leadIds.map(() => [] as Assignment[]);
    const rows = await ctx.prisma.assignment.findMany({
      where: { workspaceId: v.workspaceId, leadId: { in: ids } },
      orderBy: [{ assignedAt: 'desc' }, { id: 'desc' }],
    });
    const byLead = new Map<string, Assignment[]>();
    for (const row of rows) byLead.set(row.leadId, [...(byLead.get(row.leadId) ?? []), row]);
    return leadIds.map((id) => byLead.get(id) ?? []);
  });
}
