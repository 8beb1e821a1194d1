import { parseInput } from '@leadwire/platform';
import { checkIdCursors } from '@leadwire/platform/pothos';
import { z } from 'zod';
import { builder } from '../builder.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { isUuid, leadLoader, pipelineLoader, positionFor, stageLoader, visibleLeads } from '../domain/visibility.ts';
import { LeadPriority, LeadSource, ProductInterest } from './lead-input.ts';
import { Pipeline, PipelineStage } from './pipeline.ts';

export const LeadEventType = builder.enumType('LeadEventType', { values: ['CREATED', 'UPDATED', 'MOVED', 'DELETED'] as const });

export const LeadEvent = builder.prismaObject('LeadEvent', {
  authScopes: { scope: 'leads:read' },
  fields: (t) => ({
    cursor: t.string({ resolve: (e) => String(e.seq) }),
    type: t.field({ type: LeadEventType, resolve: (e) => e.type }),
    leadId: t.exposeID('leadId'),
    pipelineId: t.exposeID('pipelineId'),
    fromStageId: t.exposeID('fromStageId', { nullable: true }),
    toStageId: t.exposeID('toStageId', { nullable: true }),
    // Absolute positions would count cards a consultant cannot see.
    position: t.int({ nullable: true, resolve: async (e, _, ctx) => ((await ctx.access.visibleLeadIds()) === null ? e.position : null) }),
    actor: t.exposeString('actor', { nullable: true }),
    data: t.field({
      type: 'JSON',
      // Moves logged before sort keys carry an absolute `fromPosition`: hidden the same way.
      resolve: async (e, _, ctx) => {
        if ((await ctx.access.visibleLeadIds()) === null || !e.data || typeof e.data !== 'object' || !('fromPosition' in e.data)) return e.data;
        const { fromPosition: _hidden, ...rest } = e.data as Record<string, unknown>;
        return rest;
      },
    }),
    occurredAt: t.expose('createdAt', { type: 'DateTime' }),
    lead: t.prismaField({ type: 'Lead', nullable: true, resolve: (_q, e, _a, ctx) => leadLoader(ctx).load(e.leadId) }),
  }),
});

// Every path to a lead (another subgraph's entity, a write's result) needs
// leads:read for its data; the id alone is what a writer gets back.
export const Lead = builder.prismaObject('Lead', {
  authScopes: { scope: 'leads:read' },
  fields: (t) => ({
    id: t.exposeID('id', { skipTypeScopes: true }),
    name: t.exposeString('name'),
    phone: t.exposeString('phone', { nullable: true, description: 'E.164' }),
    email: t.exposeString('email', { nullable: true }),
    cpf: t.exposeString('cpf', { nullable: true }),
    source: t.field({ type: LeadSource, resolve: (l) => l.source }),
    productInterest: t.field({ type: ProductInterest, resolve: (l) => l.productInterest }),
    stage: t.field({ type: PipelineStage, resolve: (l, _, ctx) => stageLoader(ctx).load(l.stageId) as any }),
    pipeline: t.field({ type: Pipeline, resolve: (l, _, ctx) => pipelineLoader(ctx).load(l.pipelineId) as any }),
    position: t.int({ description: 'Place in its column, counting the cards the caller can see', resolve: (l, _, ctx) => positionFor(ctx, l) }),
    score: t.exposeInt('score'),
    priority: t.field({ type: LeadPriority, resolve: (l) => l.priority }),
    dealValue: t.float({ nullable: true, resolve: (l) => (l.dealValue === null ? null : Number(l.dealValue)) }),
    tags: t.exposeStringList('tags'),
    notes: t.exposeString('notes', { nullable: true }),
    region: t.exposeString('region', { nullable: true, description: 'Derived from the phone: BR-SP, or a country code' }),
    consent: t.exposeBoolean('consent'),
    consentAt: t.expose('consentAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    timeline: t.prismaField({
      type: ['LeadEvent'],
      description: "The lead's activity, newest first",
      args: { first: t.arg.int({ defaultValue: 50 }) },
      resolve: (query, lead, args, ctx) =>
        ctx.prisma.leadEvent.findMany({
          ...query,
          where: { workspaceId: lead.workspaceId, leadId: lead.id },
          orderBy: { seq: 'desc' },
          take: Math.min(Math.max(args.first ?? 50, 1), 200),
        }),
    }),
  }),
});

// Other subgraphs extend Lead by its id; references pass the same visibility check.
builder.asEntity(Lead, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => (isUuid(ref.id) ? (leadLoader(ctx).load(ref.id) as any) : null),
});

const LeadFilter = builder.inputType('LeadFilter', {
  fields: (t) => ({
    pipelineId: t.id(),
    stageId: t.id(),
    productInterest: t.field({ type: ProductInterest }),
    priority: t.field({ type: LeadPriority }),
    source: t.field({ type: LeadSource }),
    tag: t.string(),
    createdAfter: t.field({ type: 'DateTime' }),
    createdBefore: t.field({ type: 'DateTime' }),
  }),
});

const filterSchema = z
  .object({
    pipelineId: z.uuid({ message: 'is not a valid id' }).nullish(),
    stageId: z.uuid({ message: 'is not a valid id' }).nullish(),
    productInterest: z.string().nullish(),
    priority: z.string().nullish(),
    source: z.string().nullish(),
    tag: z.string().max(40).nullish(),
    createdAfter: z.date().nullish(),
    createdBefore: z.date().nullish(),
  })
  .nullish();

/** LIKE's wildcards typed by a person are literal characters. */
const likeLiteral = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The list's arguments as one checked value, for the page and `totalCount`
 * alike: whichever of the two a client selects, the same limits hold.
 */
function listWhere(args: { filter?: unknown; search?: string | null; after?: string | null; before?: string | null }) {
  const filter = parseInput(filterSchema, args.filter, 'filter');
  const search = parseInput(z.string().max(100, 'must be at most 100 characters').nullish(), args.search, 'search');
  checkIdCursors(args);
  return filterWhere(filter, search);
}

function filterWhere(filter: z.infer<typeof filterSchema>, search: string | null | undefined): Prisma.LeadWhereInput {
  const where: Prisma.LeadWhereInput = {};
  if (filter?.pipelineId) where.pipelineId = filter.pipelineId;
  if (filter?.stageId) where.stageId = filter.stageId;
  if (filter?.productInterest) where.productInterest = filter.productInterest as Prisma.LeadWhereInput['productInterest'];
  if (filter?.priority) where.priority = filter.priority as Prisma.LeadWhereInput['priority'];
  if (filter?.source) where.source = filter.source as Prisma.LeadWhereInput['source'];
  if (filter?.tag) where.tags = { has: filter.tag };
  if (filter?.createdAfter || filter?.createdBefore) {
    where.createdAt = { gte: filter.createdAfter ?? undefined, lt: filter.createdBefore ?? undefined };
  }
  const term = search?.trim();
  if (term) {
    const digits = term.replace(/\D/g, '');
    const literal = likeLiteral(term);
    const email = { email: { contains: literal, mode: 'insensitive' as const } };
    // Each branch is a trigram index scan. An address (text@text) is looked up
    // among emails only: its digits are no phone, and names hold no addresses.
    where.OR = /\S@\S/.test(term)
      ? [email]
      : [
          { name: { contains: literal, mode: 'insensitive' } },
          email,
          ...(digits.length >= 4 ? [{ phone: { contains: digits } }, { cpf: { contains: digits } }] : []),
        ];
  }
  return where;
}

builder.queryFields((t) => ({
  lead: t.prismaField({
    type: Lead,
    nullable: true,
    authScopes: { scope: 'leads:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, args, ctx) => (isUuid(String(args.id)) ? (leadLoader(ctx).load(String(args.id)) as any) : null),
  }),
  leads: t.prismaConnection({
    type: Lead,
    cursor: 'id',
    defaultSize: 25,
    maxSize: 100,
    authScopes: { scope: 'leads:read' },
    args: {
      filter: t.arg({ type: LeadFilter }),
      search: t.arg.string(),
    },
    totalCount: async (_parent, args, ctx) => {
      const where = listWhere(args);
      return ctx.prisma.lead.count({ where: { AND: [await visibleLeads(ctx), where] } });
    },
    resolve: async (query, _root, args, ctx) => {
      const where = listWhere(args);
      return ctx.prisma.lead.findMany({
        ...query,
        where: { AND: [await visibleLeads(ctx), where] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
    },
  }),
}));
