import { parseInput, workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { conversationSuggestionsLoader, leadSuggestionsLoader, suggestionStats, type SuggestionCounts } from '../domain/suggestion-reads.ts';
import {
  createSuggestions,
  createSuggestionsSchema,
  decideSuggestion,
  editBodySchema,
  rejectReasonSchema,
  SUGGESTED_ACTIONS,
  SUGGESTION_KINDS,
  SUGGESTION_STATUSES,
} from '../domain/suggestions.ts';
import { isUuid, messageLoader, requireLead } from '../domain/visibility.ts';
import { Message } from './message.ts';
import { ConversationRef, LeadRef } from './refs.ts';

// The Agentic CRM's suggestions: the AI drafts, a consultant decides. See
// domain/suggestions.ts for the rules; workers/src/suggestions for the drafts.

export const SuggestionKind = builder.enumType('SuggestionKind', { values: SUGGESTION_KINDS });
export const SuggestionStatus = builder.enumType('SuggestionStatus', { values: SUGGESTION_STATUSES });
export const SuggestedAction = builder.enumType('SuggestedAction', { values: SUGGESTED_ACTIONS });

export const Suggestion = builder.prismaObject('Suggestion', {
  authScopes: { scope: 'messages:read' },
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: SuggestionKind }),
    status: t.expose('status', { type: SuggestionStatus }),
    body: t.exposeString('body', { nullable: true, description: 'REPLY: the draft' }),
    action: t.expose('action', { type: SuggestedAction, nullable: true, description: 'NEXT_ACTION: what to do next' }),
    followUpAt: t.expose('followUpAt', { type: 'DateTime', nullable: true, description: 'FOLLOW_UP: when to get back to the lead' }),
    rationale: t.exposeString('rationale', { description: 'Why, in a sentence' }),
    provider: t.exposeString('provider', { description: 'What drafted it: rules, or a model' }),
    leadId: t.exposeID('leadId'),
    lead: t.field({ type: LeadRef, resolve: (s) => ({ id: s.leadId }) }),
    conversation: t.field({ type: ConversationRef, resolve: (s) => ({ id: s.conversationId }) }),
    sourceMessage: t.field({
      type: Message,
      nullable: true,
      description: 'The lead message it answers',
      resolve: (s, _args, ctx) => messageLoader(ctx).load(s.sourceMessageId),
    }),
    sourceCursor: t.string({ description: 'Log position of the lead message it answers', resolve: (s) => String(s.sourceSeq) }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    decidedByUserId: t.exposeID('decidedByUserId', { nullable: true }),
    editedBody: t.exposeString('editedBody', { nullable: true, description: 'MODIFIED: what was sent instead of the draft' }),
    rejectReason: t.exposeString('rejectReason', { nullable: true }),
    sentMessage: t.field({
      type: Message,
      nullable: true,
      description: 'The message an approved or edited reply sent',
      resolve: (s, _args, ctx) => (s.sentMessageId ? messageLoader(ctx).load(s.sentMessageId) : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

// Counts per status, overall and per kind.
const SuggestionCountsRef = builder.interfaceRef<SuggestionCounts>('SuggestionCounts').implement({
  fields: (t) => ({
    total: t.exposeInt('total'),
    pending: t.exposeInt('pending'),
    approved: t.exposeInt('approved'),
    modified: t.exposeInt('modified'),
    rejected: t.exposeInt('rejected'),
    superseded: t.exposeInt('superseded'),
    decided: t.exposeInt('decided', { description: 'Approved, modified or rejected' }),
    acceptanceRate: t.exposeFloat('acceptanceRate', {
      nullable: true,
      description: '(approved + modified) / decided, 0 to 1; null while nothing is decided',
    }),
  }),
});

const SuggestionKindStats = builder.objectRef<SuggestionCounts & { kind: (typeof SUGGESTION_KINDS)[number] }>('SuggestionKindStats').implement({
  interfaces: [SuggestionCountsRef],
  fields: (t) => ({ kind: t.expose('kind', { type: SuggestionKind }) }),
});

const SuggestionStats = builder.objectRef<Awaited<ReturnType<typeof suggestionStats>>>('SuggestionStats').implement({
  interfaces: [SuggestionCountsRef],
  fields: (t) => ({
    since: t.expose('since', { type: 'DateTime' }),
    byKind: t.field({ type: [SuggestionKindStats], resolve: (s) => s.byKind }),
  }),
});

const SuggestionDraftInput = builder.inputType('SuggestionDraftInput', {
  fields: (t) => ({
    kind: t.field({ type: SuggestionKind, required: true }),
    body: t.string({ description: 'REPLY only' }),
    action: t.field({ type: SuggestedAction, description: 'NEXT_ACTION only' }),
    followUpAt: t.field({ type: 'DateTime', description: 'FOLLOW_UP only' }),
    rationale: t.string({ required: true }),
  }),
});

const CreateSuggestionsInput = builder.inputType('CreateSuggestionsInput', {
  fields: (t) => ({
    conversationId: t.id({ required: true }),
    sourceMessageId: t.id({ required: true, description: 'The lead message (INBOUND, on this conversation) the suggestions answer' }),
    provider: t.string({ required: true }),
    suggestions: t.field({ type: [SuggestionDraftInput], required: true }),
  }),
});

const statsArgs = z.object({
  since: z.date().nullish(),
  userId: z.uuid({ message: 'is not a valid id' }).nullish(),
});

const DEFAULT_STATS_DAYS = 30;

builder.queryFields((t) => ({
  suggestions: t.prismaField({
    type: [Suggestion],
    description: "A lead's suggestions, newest first (PENDING ones are current; the rest is history).",
    authScopes: { scope: 'messages:read' },
    args: { leadId: t.arg.id({ required: true }), status: t.arg({ type: SuggestionStatus }) },
    resolve: async (query, _root, args, ctx) => {
      const leadId = await requireLead(ctx, String(args.leadId));
      return ctx.prisma.suggestion.findMany({
        ...query,
        where: { workspaceId: workspaceOf(ctx.identity), leadId, ...(args.status ? { status: args.status } : {}) },
        orderBy: [{ sourceSeq: 'desc' }, { kind: 'asc' }],
        take: 200,
      });
    },
  }),
  suggestionStats: t.field({
    type: SuggestionStats,
    description: `How suggestions created since \`since\` (default: ${DEFAULT_STATS_DAYS} days ago) were decided, overall and per kind; with userId, only those that person decided.`,
    authScopes: { scope: 'messages:read' },
    args: { since: t.arg({ type: 'DateTime' }), userId: t.arg.id() },
    resolve: (_root, args, ctx) => {
      const { since, userId } = parseInput(statsArgs, { since: args.since, userId: args.userId == null ? null : String(args.userId) }, '');
      return suggestionStats(ctx, since ?? new Date(Date.now() - DEFAULT_STATS_DAYS * 24 * 60 * 60 * 1000), userId ?? null);
    },
  }),
}));

builder.mutationFields((t) => ({
  createSuggestions: t.prismaField({
    type: [Suggestion],
    description:
      'The suggestion worker stores what it drafted for one lead message. Idempotent per (conversation, message, kind); a set for a newer message supersedes the PENDING ones; one for an older message than a stored set stores nothing (empty list).',
    authScopes: { service: true },
    args: { input: t.arg({ type: CreateSuggestionsInput, required: true }) },
    resolve: (_query, _root, args, ctx) => createSuggestions(ctx, parseInput(createSuggestionsSchema, args.input)),
  }),
  approveSuggestion: t.prismaField({
    type: Suggestion,
    description: 'Accepts a suggestion as drafted. A REPLY is sent from the TEAM number as the consultant; other kinds are recorded only.',
    authScopes: { user: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, args, ctx) => decideSuggestion(ctx, String(args.id), { status: 'APPROVED' }),
  }),
  editSuggestion: t.prismaField({
    type: Suggestion,
    description: 'Sends an edited reply draft instead of the draft (status MODIFIED; an unchanged edit is an approval).',
    authScopes: { user: true },
    args: { id: t.arg.id({ required: true }), body: t.arg.string({ required: true }) },
    resolve: (_query, _root, args, ctx) => {
      const body = parseInput(editBodySchema, args.body, 'body');
      return decideSuggestion(ctx, String(args.id), { status: 'MODIFIED', body });
    },
  }),
  rejectSuggestion: t.prismaField({
    type: Suggestion,
    description: 'Turns a suggestion down; nothing is sent.',
    authScopes: { user: true },
    args: { id: t.arg.id({ required: true }), reason: t.arg.string() },
    resolve: (_query, _root, args, ctx) => {
      const reason = parseInput(rejectReasonSchema, args.reason, 'reason');
      return decideSuggestion(ctx, String(args.id), { status: 'REJECTED', reason: reason || null });
    },
  }),
}));

builder.objectFields(LeadRef, (t) => ({
  suggestions: t.field({
    type: [Suggestion],
    description: 'What the AI suggests for this lead, newest first.',
    authScopes: { scope: 'messages:read' },
    args: { status: t.arg({ type: SuggestionStatus, description: 'Only these; all when omitted' }) },
    resolve: async (lead, args, ctx) => (await leadSuggestionsLoader(ctx, args.status).load(lead.id)) ?? [],
  }),
}));

builder.objectFields(ConversationRef, (t) => ({
  suggestions: t.field({
    type: [Suggestion],
    description: 'What the AI suggests on this conversation, newest first.',
    authScopes: { scope: 'messages:read' },
    args: { status: t.arg({ type: SuggestionStatus, description: 'Only these; all when omitted' }) },
    resolve: async (conversation, args, ctx) => (isUuid(conversation.id) ? await conversationSuggestionsLoader(ctx, args.status).load(conversation.id) : []) ?? [],
  }),
}));
