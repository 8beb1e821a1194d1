import { workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import type { MessagingContext } from '../context.ts';
import { fail, MessagingErrorCode } from '../errors.ts';
import type { Prisma, Suggestion } from '../generated/prisma/client.ts';
import { inWorkspace } from './message-log.ts';
import { queueTeamMessage, teamThread } from './team-messages.ts';
import { MAX_BODY } from './templates.ts';
import { isUuid } from './visibility.ts';

export const SUGGESTION_KINDS = ['REPLY', 'NEXT_ACTION', 'FOLLOW_UP'] as const;
export const SUGGESTION_STATUSES = ['PENDING', 'APPROVED', 'MODIFIED', 'REJECTED', 'SUPERSEDED'] as const;
export const SUGGESTED_ACTIONS = [
  'ASK_MISSING_INFO',
  'SEND_SIMULATION',
  'REQUEST_DOCUMENTS',
  'SCHEDULE_VISIT',
  'CALL_LEAD',
  'ANSWER_QUESTION',
  'CLOSE_LOST',
] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
const zBody = z.string().trim().min(1, 'is required').max(MAX_BODY, `must be at most ${MAX_BODY} characters`);

const draftSchema = z
  .object({
    kind: z.enum(SUGGESTION_KINDS),
    body: zBody.nullish(),
    action: z.enum(SUGGESTED_ACTIONS).nullish(),
    followUpAt: z.date().nullish(),
    rationale: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters'),
  })
  .superRefine((d, ctx) => {
    // Each kind carries its own field and none of the others': a draft is one thing.
    const own = { REPLY: 'body', NEXT_ACTION: 'action', FOLLOW_UP: 'followUpAt' } as const;
    for (const [kind, field] of Object.entries(own)) {
      const present = d[field] !== null && d[field] !== undefined;
      if (d.kind === kind && !present) ctx.addIssue({ code: 'custom', path: [field], message: `is required for ${kind}` });
      if (d.kind !== kind && present) ctx.addIssue({ code: 'custom', path: [field], message: `must be empty for ${d.kind}` });
    }
    // A follow-up is a time still ahead (a minute of clock skew allowed), within a quarter.
    const at = d.followUpAt?.getTime();
    if (at !== undefined && (at < Date.now() - 60_000 || at > Date.now() + 90 * DAY_MS)) {
      ctx.addIssue({ code: 'custom', path: ['followUpAt'], message: 'must be between now and 90 days from now' });
    }
  });

export const createSuggestionsSchema = z.object({
  conversationId: z.uuid({ message: 'is not a valid id' }),
  sourceMessageId: z.uuid({ message: 'is not a valid id' }),
  provider: z.string().trim().regex(/^[a-z0-9._:-]{1,40}$/i, 'must be 1-40 letters, digits, dots, colons or dashes'),
  suggestions: z
    .array(draftSchema)
    .min(1, 'needs at least one suggestion')
    .max(SUGGESTION_KINDS.length, `at most ${SUGGESTION_KINDS.length} suggestions`)
    .refine((list) => new Set(list.map((d) => d.kind)).size === list.length, 'must not repeat a kind'),
});
export type CreateSuggestionsInput = z.infer<typeof createSuggestionsSchema>;

export const editBodySchema = zBody;
export const rejectReasonSchema = z.string().trim().max(500, 'must be at most 500 characters').nullish();

const kindOrder = (s: Suggestion) => SUGGESTION_KINDS.indexOf(s.kind);

/**
 * Stores the suggestions answering one lead message of a conversation.
 * Idempotent per message: a retried generation gets the set already stored
 * (whatever was decided since), and a late one, for a message older than a
 * set already there, stores nothing. A new set supersedes the conversation's
 * PENDING suggestions: only drafts for the latest lead message are current.
 */
export async function createSuggestions(ctx: MessagingContext, input: CreateSuggestionsInput): Promise<Suggestion[]> {
  const workspaceId = workspaceOf(ctx.identity);
  // The conversation id is a claim: it must name a thread of this workspace, and gives the lead.
  const thread = await ctx.directory.conversationThread(workspaceId, input.conversationId);
  if (!thread) fail(MessagingErrorCode.CONVERSATION_NOT_FOUND, 'input.conversationId: no such conversation', { field: 'input.conversationId' });
  return inWorkspace(ctx, async ({ tx }) => {
    const source = await tx.message.findFirst({
      where: { id: input.sourceMessageId, workspaceId, conversationId: input.conversationId, direction: 'INBOUND' },
      select: { id: true, seq: true },
    });
    if (!source) {
      fail(MessagingErrorCode.UNKNOWN_SOURCE_MESSAGE, 'input.sourceMessageId: no such lead message on this conversation', {
        field: 'input.sourceMessageId',
      });
    }
    const where = { workspaceId, conversationId: input.conversationId };
    const existing = await tx.suggestion.findMany({ where: { ...where, sourceMessageId: source.id } });
    if (existing.length) return existing.sort((a, b) => kindOrder(a) - kindOrder(b));
    if (await tx.suggestion.findFirst({ where: { ...where, sourceSeq: { gt: source.seq } }, select: { id: true } })) return [];
    await tx.suggestion.updateMany({ where: { ...where, status: 'PENDING' }, data: { status: 'SUPERSEDED' } });
    const created = await tx.suggestion.createManyAndReturn({
      data: input.suggestions.map((d) => ({
        ...where,
        leadId: thread.leadId,
        sourceMessageId: source.id,
        sourceSeq: source.seq,
        kind: d.kind,
        body: d.body ?? null,
        action: d.action ?? null,
        followUpAt: d.followUpAt ?? null,
        rationale: d.rationale,
        provider: input.provider,
      })),
    });
    return created.sort((a, b) => kindOrder(a) - kindOrder(b));
  });
}

/** A suggestion the caller may decide: of their workspace, on a lead they see (hidden reads as missing), still PENDING. */
async function pendingSuggestion(ctx: MessagingContext, id: string): Promise<Suggestion> {
  const found = isUuid(id) ? await ctx.prisma.suggestion.findFirst({ where: { id, workspaceId: workspaceOf(ctx.identity) } }) : null;
  if (!found || !(await ctx.access.canSee(found.leadId))) return fail(MessagingErrorCode.SUGGESTION_NOT_FOUND, 'No such suggestion', { field: 'id' });
  if (found.status !== 'PENDING') {
    fail(MessagingErrorCode.SUGGESTION_DECIDED, `id: this suggestion is ${found.status.toLowerCase()} already`, { field: 'id', status: found.status });
  }
  return found;
}

export type Decision = { status: 'APPROVED' } | { status: 'MODIFIED'; body: string } | { status: 'REJECTED'; reason: string | null };

/**
 * Records a consultant's decision. Approving or editing a REPLY sends it (the
 * draft, or the edit) from the TEAM number exactly as sendMessage does, in
 * the same transaction as the decision: a decision without its message, or
 * a message sent twice, cannot happen. Other kinds only record the decision.
 * An edit identical to the draft is an approval.
 */
export async function decideSuggestion(ctx: MessagingContext, id: string, decision: Decision): Promise<Suggestion> {
  if (ctx.identity.kind !== 'user') throw new Error('user scope was not enforced');
  const userId = ctx.identity.userId;
  const suggestion = await pendingSuggestion(ctx, id);
  let status = decision.status;
  if (decision.status === 'MODIFIED') {
    if (suggestion.kind !== 'REPLY') fail(MessagingErrorCode.SUGGESTION_NOT_EDITABLE, 'id: only a reply draft can be edited', { field: 'id' });
    if (decision.body === suggestion.body) status = 'APPROVED';
  }
  const text = decision.status === 'MODIFIED' ? decision.body : suggestion.body;
  const sends = status !== 'REJECTED' && suggestion.kind === 'REPLY' && text !== null;
  // Asking who the lead is and opening the TEAM thread are calls to other subgraphs: before the lock.
  const thread = sends ? await teamThread(ctx, suggestion.leadId, null, 'id') : null;
  const decided = await inWorkspace(ctx, async (w) => {
    // Under the workspace lock: of two decisions racing, the second finds it decided and sends nothing.
    const claimed = await w.tx.suggestion.updateMany({
      where: { id: suggestion.id, status: 'PENDING' },
      data: {
        status,
        decidedAt: new Date(),
        decidedByUserId: userId,
        editedBody: status === 'MODIFIED' ? text : null,
        rejectReason: decision.status === 'REJECTED' ? decision.reason : null,
      },
    });
    if (claimed.count !== 1) fail(MessagingErrorCode.SUGGESTION_DECIDED, 'id: this suggestion was decided meanwhile', { field: 'id' });
    const sent = thread ? await queueTeamMessage(ctx, w, { leadId: suggestion.leadId, thread, body: text!, type: 'TEXT' }) : null;
    return w.tx.suggestion.update({ where: { id: suggestion.id }, data: { sentMessageId: sent?.id ?? null } });
  });
  if (thread) ctx.jobs.poke();
  return decided;
}

/** Where a consultant's reads of suggestions stop: the workspace, and the leads they see. */
export async function visibleSuggestions(ctx: MessagingContext): Promise<Prisma.SuggestionWhereInput> {
  const workspaceId = workspaceOf(ctx.identity);
  const ids = await ctx.access.visibleLeadIds();
  return ids === null ? { workspaceId } : { workspaceId, leadId: { in: [...ids] } };
}
