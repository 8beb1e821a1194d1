import { actorOf, parseInput, workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import type { AssignmentContext } from '../context.ts';
import { assignUnderLock, autoAssign, inWorkspaceLock, unassign } from '../domain/assign.ts';
import { assigneeLoader, historyLoader } from '../domain/lead-view.ts';
import { userLoader } from '../domain/users.ts';
import { AssignmentErrorCode, fail } from '../errors.ts';
import { User } from './user.ts';

const LeadRef = builder.externalRef('Lead', builder.selection<{ id: string }>('id'));

export const AssignmentReason = builder.enumType('AssignmentReason', { values: ['MANUAL', 'ROUND_ROBIN', 'HANDOFF'] as const });

// Reachable from a lead and from assignment mutations; who holds a lead is lead data.
export const Assignment = builder.prismaObject('Assignment', {
  authScopes: { scope: 'leads:read' },
  fields: (t) => ({
    id: t.exposeID('id'),
    lead: t.field({ type: LeadRef, resolve: (a) => ({ id: a.leadId }) }),
    user: t.field({ type: User, resolve: async (a, _, ctx) => (await userLoader(ctx).load(a.userId)) as any }),
    assignedAt: t.expose('assignedAt', { type: 'DateTime' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
    reason: t.field({ type: AssignmentReason, resolve: (a) => a.reason }),
  }),
});

LeadRef.implement({
  externalFields: () => ({}),
  fields: (t) => ({
    id: t.exposeID('id'),
    // Consultants see these only on the leads they hold.
    assignee: t.field({
      type: User,
      nullable: true,
      authScopes: { scope: 'leads:read' },
      resolve: (lead, _, ctx) => assigneeLoader(ctx).load(lead.id) as any,
    }),
    assignmentHistory: t.field({
      type: [Assignment],
      authScopes: { scope: 'leads:read' },
      description: 'Newest first',
      resolve: (lead, _, ctx) => historyLoader(ctx).load(lead.id) as any,
    }),
  }),
});

const leadIdSchema = z.object({ leadId: z.uuid({ message: 'is not a valid id' }) });
const assignSchema = leadIdSchema.extend({ userId: z.uuid({ message: 'is not a valid id' }) });

/** Asks the leads subgraph, through the router and as the caller, whether the lead is theirs to assign. */
async function requireLead(ctx: AssignmentContext, leadId: string) {
  if (!(await ctx.leadExists(ctx, leadId))) fail(AssignmentErrorCode.LEAD_NOT_FOUND, 'No such lead', { field: 'leadId' });
}

builder.queryFields((t) => ({
  // Other subgraphs' lead visibility for consultants (createLeadAccess) asks this through the router.
  myAssignedLeadIds: t.idList({
    authScopes: { workspace: true },
    resolve: async (_root, _args, ctx) => {
      if (ctx.identity.kind !== 'user') return [];
      const rows = await ctx.prisma.leadAssignment.findMany({
        where: { workspaceId: ctx.identity.workspaceId, userId: ctx.identity.userId },
        select: { leadId: true },
      });
      return rows.map((r) => r.leadId);
    },
  }),
}));

builder.mutationFields((t) => ({
  assignLead: t.prismaField({
    type: Assignment,
    authScopes: { manager: true, service: true },
    args: { leadId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: async (_query, _root, args, ctx) => {
      const { leadId, userId } = parseInput(assignSchema, args, '');
      const workspaceId = workspaceOf(ctx.identity);
      await requireLead(ctx, leadId);
      const assignment = await inWorkspaceLock(ctx.prisma, workspaceId, async (tx) => {
        const user = await tx.user.findFirst({ where: { id: userId, workspaceId } });
        if (!user) return fail(AssignmentErrorCode.USER_NOT_FOUND, 'No such user', { field: 'userId' });
        if (!user.active) fail(AssignmentErrorCode.USER_INACTIVE, 'userId: this user is deactivated', { field: 'userId' });
        return assignUnderLock(tx, { workspaceId, leadId, userId, reason: 'MANUAL', actor: actorOf(ctx.identity) });
      });
      ctx.outbox.poke();
      return assignment;
    },
  }),
  autoAssignLead: t.prismaField({
    type: Assignment,
    nullable: true,
    description: 'Round-robin among available consultants with room left; null when nobody can take the lead',
    authScopes: { manager: true, service: true },
    args: { leadId: t.arg.id({ required: true }) },
    resolve: async (_query, _root, args, ctx) => {
      const { leadId } = parseInput(leadIdSchema, args, '');
      await requireLead(ctx, leadId);
      const assignment = await autoAssign(ctx.prisma, workspaceOf(ctx.identity), leadId, actorOf(ctx.identity));
      ctx.outbox.poke();
      return assignment;
    },
  }),
  unassignLead: t.boolean({
    description: 'False when nobody held the lead',
    authScopes: { manager: true, service: true },
    args: { leadId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { leadId } = parseInput(leadIdSchema, args, '');
      const removed = await unassign(ctx.prisma, workspaceOf(ctx.identity), leadId);
      ctx.outbox.poke();
      return removed;
    },
  }),
}));
