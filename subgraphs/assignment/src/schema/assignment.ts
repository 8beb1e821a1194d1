import { actorOf, parseInput, workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import type { AssignmentContext } from '../context.ts';
import { assignUnderLock, autoAssign, inWorkspaceLock } from '../domain/assign.ts';
import { refuseDeleted } from '../domain/deleted-leads.ts';
import { assigneeLoader, historyLoader } from '../domain/lead-view.ts';
import { unassign } from '../domain/release.ts';
import { userLoader } from '../domain/users.ts';
import { drainQueue } from '../domain/waiting-queue.ts';
import { AssignmentErrorCode, fail } from '../errors.ts';
import { ProductLine, User } from './user.ts';

export const LeadRef = builder.externalRef('Lead', builder.selection<{ id: string }>('id'));

export const AssignmentReason = builder.enumType('AssignmentReason', {
  values: {
    MANUAL: { description: 'A manager or admin chose the consultant' },
    ROUND_ROBIN: { description: 'Distribution: the next consultant in rotation with room' },
    HANDOFF: { description: 'Taken from its previous holder by hand' },
    QUEUE_DRAINED: { description: 'Waited in the queue until a consultant freed up or came online' },
    SLA_REASSIGNED: { description: 'The previous holder did not answer in time' },
    REOPENED: { description: 'The lead left a WON or LOST stage; its holder has it open again' },
    DEACTIVATION_REASSIGNED: { description: 'The previous holder was deactivated; the next consultant in rotation took the lead' },
  } as const,
});

export const AssignmentEnd = builder.enumType('AssignmentEnd', {
  values: {
    HANDED_OFF: { description: 'Someone else took the lead' },
    UNASSIGNED: { description: 'Nobody holds the lead now' },
    WON: { description: 'The lead reached a WON stage' },
    LOST: { description: 'The lead reached a LOST stage' },
    SLA_EXPIRED: { description: 'Not answered in time; the lead moved on' },
    DELETED: { description: 'The lead was deleted' },
    DEACTIVATED: { description: 'The holder was deactivated; the lead went to another consultant, the waiting queue, or nobody' },
  } as const,
});

// Reachable from a lead and from assignment mutations; who holds a lead is lead data.
export const Assignment = builder.prismaObject('Assignment', {
  authScopes: { scope: 'leads:read' },
  fields: (t) => ({
    id: t.exposeID('id'),
    lead: t.field({ type: LeadRef, resolve: (a) => ({ id: a.leadId }) }),
    user: t.field({ type: User, resolve: async (a, _, ctx) => (await userLoader(ctx).load(a.userId)) as any }),
    assignedAt: t.expose('assignedAt', { type: 'DateTime' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
    endReason: t.field({ type: AssignmentEnd, nullable: true, resolve: (a) => a.endReason }),
    reason: t.field({ type: AssignmentReason, resolve: (a) => a.reason }),
    actor: t.exposeString('actor', { nullable: true, description: 'Who caused it: "user:<id>", "service:<name>", …' }),
    productLine: t.field({ type: ProductLine, nullable: true, description: 'The line distribution placed the lead for', resolve: (a) => a.productLine }),
    slaDueAt: t.expose('slaDueAt', { type: 'DateTime', nullable: true, description: 'Unanswered by then, distribution moves the lead on' }),
    firstResponseAt: t.expose('firstResponseAt', { type: 'DateTime', nullable: true }),
    cursor: t.string({ description: 'Position in `myAssignments`', resolve: (a) => String(a.seq) }),
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

export const leadIdSchema = z.object({ leadId: z.uuid({ message: 'is not a valid id' }) });
const assignSchema = leadIdSchema.extend({ userId: z.uuid({ message: 'is not a valid id' }) });

/** Asks the leads subgraph, through the router and as the caller, whether the lead is theirs to assign. */
export async function requireLead(ctx: AssignmentContext, leadId: string) {
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
      const actor = actorOf(ctx.identity);
      const assignment = await inWorkspaceLock(ctx.prisma, workspaceId, async (tx) => {
        const user = await tx.user.findFirst({ where: { id: userId, workspaceId } });
        if (!user) return fail(AssignmentErrorCode.USER_NOT_FOUND, 'No such user', { field: 'userId' });
        if (!user.active) fail(AssignmentErrorCode.USER_INACTIVE, 'userId: this user is deactivated', { field: 'userId' });
        await refuseDeleted(tx, workspaceId, leadId);
        const made = await assignUnderLock(tx, { workspaceId, leadId, userId, reason: 'MANUAL', actor });
        // A handoff frees the previous holder's slot.
        await drainQueue(tx, workspaceId, { actor, slaWindowMs: ctx.slaWindowMs });
        return made;
      });
      ctx.announce(workspaceId);
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
      const workspaceId = workspaceOf(ctx.identity);
      const assignment = await autoAssign(ctx.prisma, workspaceId, leadId, actorOf(ctx.identity));
      ctx.announce(workspaceId);
      return assignment;
    },
  }),
  unassignLead: t.boolean({
    description: 'False when nobody held the lead',
    authScopes: { manager: true, service: true },
    args: { leadId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { leadId } = parseInput(leadIdSchema, args, '');
      const workspaceId = workspaceOf(ctx.identity);
      const removed = await unassign(ctx.prisma, workspaceId, leadId, { actor: actorOf(ctx.identity), slaWindowMs: ctx.slaWindowMs });
      ctx.announce(workspaceId);
      return removed;
    },
  }),
}));
