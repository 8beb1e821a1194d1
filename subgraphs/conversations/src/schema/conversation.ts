import { hasScope, workspaceOf } from '@leadwire/platform';
import { builder } from '../builder.ts';
import { EMPLOYMENTS, readQualification, type Qualification as QualificationShape } from '../domain/qualification.ts';
import { conversationLoader, eventsLoader, isUuid, visibleConversations } from '../domain/visibility.ts';

export const ConversationStatus = builder.enumType('ConversationStatus', {
  values: ['OPEN', 'HANDED_OFF', 'CLOSED'] as const,
});
export const QualificationState = builder.enumType('QualificationState', {
  values: ['NOT_STARTED', 'IN_PROGRESS', 'QUALIFIED', 'DISQUALIFIED'] as const,
});
export const ConversationEventType = builder.enumType('ConversationEventType', {
  values: ['OPENED', 'QUALIFICATION_UPDATED', 'QUALIFIED', 'DISQUALIFIED', 'HANDED_OFF', 'CLOSED', 'REOPENED', 'AGENT_TURN', 'OPTED_OUT'] as const,
});
// Same name and values as in the leads subgraph, so the enum composes.
export const ProductInterest = builder.enumType('ProductInterest', { values: ['REAL_ESTATE', 'VEHICLE', 'OTHER'] as const });

export const Employment = builder.enumType('Employment', { values: EMPLOYMENTS });

export const Qualification = builder.objectRef<QualificationShape>('Qualification').implement({
  description: 'Answers collected during qualification; a field is null until the lead has answered it.',
  fields: (t) => ({
    fullName: t.string({ nullable: true, resolve: (q) => q.fullName ?? null }),
    cpf: t.string({ nullable: true, description: 'Digits only', resolve: (q) => q.cpf ?? null }),
    monthlyIncome: t.float({ nullable: true, resolve: (q) => q.monthlyIncome ?? null }),
    assetValue: t.float({ nullable: true, description: 'Value of the property or vehicle', resolve: (q) => q.assetValue ?? null }),
    downPayment: t.float({ nullable: true, resolve: (q) => q.downPayment ?? null }),
    city: t.string({ nullable: true, resolve: (q) => q.city ?? null }),
    productInterest: t.field({ type: ProductInterest, nullable: true, resolve: (q) => q.productInterest ?? null }),
    state: t.string({ nullable: true, description: 'UF', resolve: (q) => q.state ?? null }),
    employment: t.field({ type: Employment, nullable: true, resolve: (q) => q.employment ?? null }),
    timeframeMonths: t.int({ nullable: true, resolve: (q) => q.timeframeMonths ?? null }),
  }),
});

export const ConversationEvent = builder.prismaObject('ConversationEvent', {
  fields: (t) => ({
    id: t.id({ resolve: (e) => String(e.id) }),
    conversationId: t.exposeID('conversationId'),
    type: t.field({ type: ConversationEventType, resolve: (e) => e.type }),
    data: t.expose('data', { type: 'JSON' }),
    actor: t.exposeString('actor', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const Conversation = builder.prismaObject('Conversation', {
  description: 'One WhatsApp thread between a lead and one of the workspace’s WhatsApp sessions.',
  // On every path, also a write's result and another subgraph's reference; a writer gets the id.
  authScopes: { scope: 'conversations:read' },
  fields: (t) => ({
    id: t.exposeID('id', { skipTypeScopes: true }),
    sessionId: t.exposeString('sessionId'),
    remoteJid: t.exposeString('remoteJid'),
    status: t.field({ type: ConversationStatus, resolve: (c) => c.status }),
    qualificationState: t.field({ type: QualificationState, resolve: (c) => c.qualificationState }),
    qualification: t.field({ type: Qualification, nullable: true, resolve: (c) => readQualification(c.qualification) }),
    qualificationScore: t.exposeInt('qualificationScore', { nullable: true }),
    handoffReason: t.exposeString('handoffReason', { nullable: true }),
    handedOffAt: t.expose('handedOffAt', { type: 'DateTime', nullable: true }),
    qualifiedAt: t.expose('qualifiedAt', { type: 'DateTime', nullable: true, description: 'When qualification concluded, either way' }),
    lastMessageAt: t.expose('lastMessageAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    events: t.field({
      type: [ConversationEvent],
      description: 'The audit trail, oldest first',
      resolve: async (c, _args, ctx) => (await eventsLoader(ctx).load(c.id)) ?? [],
    }),
  }),
});

// Other subgraphs (messaging) reference conversations by id; references pass the
// same workspace and lead-visibility checks as `conversation(id)`.
builder.asEntity(Conversation, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) =>
    isUuid(ref.id) && hasScope(ctx.identity, 'conversations:read') ? (conversationLoader(ctx).load(ref.id) as any) : null,
});

const MAX_LIST = 200;
const HANDOFF_QUEUE_LIMIT = 500;

builder.queryFields((t) => ({
  conversation: t.prismaField({
    type: Conversation,
    nullable: true,
    authScopes: { scope: 'conversations:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, args, ctx) => conversationLoader(ctx).load(String(args.id)) as any,
  }),
  conversations: t.prismaField({
    type: [Conversation],
    description: 'Most recently messaged first, then newest.',
    authScopes: { scope: 'conversations:read' },
    args: {
      status: t.arg({ type: ConversationStatus }),
      first: t.arg.int({ defaultValue: 50, description: `At most ${MAX_LIST}` }),
    },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.conversation.findMany({
        ...query,
        where: { AND: [await visibleConversations(ctx), args.status ? { status: args.status } : {}] },
        orderBy: [{ lastMessageAt: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }, { id: 'desc' }],
        take: Math.min(Math.max(args.first ?? 50, 1), MAX_LIST),
      }),
  }),
  handoffQueue: t.prismaField({
    type: [Conversation],
    description: `Conversations waiting for a human, oldest hand-off first (at most ${HANDOFF_QUEUE_LIMIT}).`,
    authScopes: { manager: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.conversation.findMany({
        ...query,
        where: { workspaceId: workspaceOf(ctx.identity), status: 'HANDED_OFF' },
        orderBy: [{ handedOffAt: 'asc' }, { id: 'asc' }],
        take: HANDOFF_QUEUE_LIMIT,
      }),
  }),
}));
