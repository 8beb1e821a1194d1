import { actorOf, parseInput, workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { AssignmentErrorCode, fail } from '../errors.ts';
import { distribute, type Placement } from '../domain/distribute.ts';
import { markAnswered } from '../domain/first-response.ts';
import { applyLeadOutcome } from '../domain/release.ts';
import { userLoader } from '../domain/users.ts';
import { queuePosition } from '../domain/waiting-queue.ts';
import type { WaitingLead as WaitingLeadRow } from '../generated/prisma/client.ts';
import { Assignment, LeadRef, leadIdSchema, requireLead } from './assignment.ts';
import { PRODUCT_LINES, ProductLine, User } from './user.ts';

const DistributionStatus = builder.enumType('DistributionStatus', {
  values: {
    ASSIGNED: { description: 'A consultant holds the lead' },
    WAITING: { description: 'Nobody serving its line had room: it waits in the queue' },
  } as const,
});

const Distribution = builder.objectRef<Placement>('Distribution').implement({
  description: 'Where distribution placed a lead',
  fields: (t) => ({
    status: t.field({ type: DistributionStatus, resolve: (p) => p.status }),
    lead: t.field({ type: LeadRef, resolve: (p) => ({ id: p.leadId }) }),
    productLine: t.field({ type: ProductLine, resolve: (p) => p.productLine }),
    created: t.boolean({
      description: 'True when this call placed the lead; false when a previous call had (send the introduction once)',
      resolve: (p) => p.created,
    }),
    assignment: t.field({ type: Assignment, nullable: true, resolve: (p) => (p.status === 'ASSIGNED' ? p.assignment : null) }),
    consultant: t.field({
      type: User,
      nullable: true,
      description: 'Who holds the lead: the WhatsApp introduction names them',
      resolve: async (p, _, ctx) => (p.status === 'ASSIGNED' ? ((await userLoader(ctx).load(p.assignment.userId)) as any) : null),
    }),
    queuePosition: t.int({
      nullable: true,
      description: 'While waiting: 1 for the next lead of its product line to be handed out',
      resolve: (p, _, ctx) => (p.status === 'WAITING' ? queuePosition(ctx.prisma, p.waiting) : null),
    }),
    enqueuedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => (p.status === 'WAITING' ? p.waiting.enqueuedAt : null) }),
  }),
});

const WaitingLead = builder.objectRef<WaitingLeadRow & { position: number }>('WaitingLead').implement({
  fields: (t) => ({
    lead: t.field({ type: LeadRef, resolve: (w) => ({ id: w.leadId }) }),
    productLine: t.field({ type: ProductLine, resolve: (w) => w.productLine }),
    position: t.exposeInt('position', { description: '1 for the next lead of its product line' }),
    enqueuedAt: t.expose('enqueuedAt', { type: 'DateTime' }),
  }),
});

const LeadOutcome = builder.enumType('LeadOutcome', {
  values: {
    WON: { description: 'The lead moved to a WON stage' },
    LOST: { description: 'The lead moved to a LOST stage' },
    REOPENED: { description: 'The lead moved from a WON or LOST stage back to an open one' },
    DELETED: { description: 'The lead was deleted: its assignment ends, it leaves the queue, and it is never placed again' },
  } as const,
});

const distributeSchema = leadIdSchema.extend({ productLine: z.enum(PRODUCT_LINES, { message: 'is not a product line' }) });
const outcomeSchema = leadIdSchema.extend({ cursor: z.string().regex(/^\d{1,18}$/, 'is not a cursor') });
const answeredSchema = leadIdSchema.extend({
  at: z.date().refine((d) => d.getTime() <= Date.now() + 60_000, 'is in the future').nullish(),
});

builder.queryFields((t) => ({
  waitingLeads: t.field({
    type: [WaitingLead],
    description: 'Leads waiting for a consultant with room, oldest first',
    authScopes: { manager: true, service: true },
    args: { first: t.arg.int({ defaultValue: 100 }) },
    resolve: async (_root, args, ctx) => {
      const rows = await ctx.prisma.waitingLead.findMany({
        where: { workspaceId: workspaceOf(ctx.identity) },
        orderBy: { seq: 'asc' },
        take: Math.min(Math.max(args.first ?? 100, 1), 500),
      });
      // From the front of the queue, a position is the running count of its line.
      const seen = new Map<string, number>();
      return rows.map((row) => {
        const position = (seen.get(row.productLine) ?? 0) + 1;
        seen.set(row.productLine, position);
        return { ...row, position };
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  distributeLead: t.field({
    type: Distribution,
    description:
      'Gives a qualified lead to the next available consultant in rotation who serves `productLine` and has room, or queues it. ' +
      'Idempotent per lead: a retry answers where the lead already is (`created: false`).',
    authScopes: { admin: true, service: true },
    args: { leadId: t.arg.id({ required: true }), productLine: t.arg({ type: ProductLine, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { leadId, productLine } = parseInput(distributeSchema, args, '');
      await requireLead(ctx, leadId);
      const workspaceId = workspaceOf(ctx.identity);
      const placement = await distribute(ctx.prisma, {
        workspaceId,
        leadId,
        productLine,
        actor: actorOf(ctx.identity),
        slaWindowMs: ctx.slaWindowMs,
      });
      if (placement.created && placement.status === 'ASSIGNED') ctx.announce(workspaceId);
      return placement;
    },
  }),
  // The leads subgraph's outbox calls this when a lead's stage kind changes.
  recordLeadOutcome: t.boolean({
    description:
      'A lead reached a WON or LOST stage or was deleted (its slot frees and pulls the oldest waiting lead), or was reopened. False when stale or a repeat.',
    authScopes: { service: true },
    args: {
      leadId: t.arg.id({ required: true }),
      outcome: t.arg({ type: LeadOutcome, required: true }),
      cursor: t.arg.string({ required: true, description: 'The board event cursor of the stage change' }),
    },
    resolve: async (_root, args, ctx) => {
      const { leadId, cursor } = parseInput(outcomeSchema, args, '');
      const workspaceId = workspaceOf(ctx.identity);
      // DELETED is final (the lead is never placed again), and any service key
      // may call this: believe it only once the leads subgraph no longer has the lead.
      if (args.outcome === 'DELETED' && (await ctx.leadExists(ctx, leadId))) {
        fail(AssignmentErrorCode.LEAD_STILL_EXISTS, 'The lead still exists', { field: 'outcome' });
      }
      const result = await applyLeadOutcome(
        ctx.prisma,
        { workspaceId, leadId, outcome: args.outcome, cursor: BigInt(cursor) },
        { actor: actorOf(ctx.identity), slaWindowMs: ctx.slaWindowMs },
      );
      // Drained leads are new assignments; a reopened one is a new period.
      if (result.drained.length || (result.applied && args.outcome === 'REOPENED')) ctx.announce(workspaceId);
      return result.applied;
    },
  }),
  // Messaging calls this when a consultant writes to a lead (web app or team phone).
  markLeadAnswered: t.boolean({
    description: 'The lead’s consultant answered it at `at` (default now): its SLA is met. False when nobody holds it or it was already answered.',
    authScopes: { service: true },
    args: { leadId: t.arg.id({ required: true }), at: t.arg({ type: 'DateTime' }) },
    resolve: async (_root, args, ctx) => {
      const { leadId, at } = parseInput(answeredSchema, args, '');
      return markAnswered(ctx.prisma, workspaceOf(ctx.identity), leadId, at ?? new Date());
    },
  }),
}));
