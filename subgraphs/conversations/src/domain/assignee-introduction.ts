import { workspaceOf, zName } from '@leadwire/platform';
import { z } from 'zod';
import type { ConversationsContext } from '../context.ts';
import { ConversationsErrorCode, fail } from '../errors.ts';
import { DEFAULT_INTRODUCTION_LANG, INTRODUCTION_LANGS, introductionText, type IntroductionLang } from './introduction-texts.ts';
import { byActivity } from './visibility.ts';

export const INTRODUCTION_OUTCOMES = ['INTRODUCED', 'OPTED_OUT', 'NO_THREAD'] as const;
export type IntroductionOutcome = (typeof INTRODUCTION_OUTCOMES)[number];

export const introduceAssigneeSchema = z.object({
  leadId: z.uuid({ message: 'is not a valid id' }),
  assignmentId: z.uuid({ message: 'is not a valid id' }),
  consultantName: zName,
});
export type IntroduceAssigneeInput = z.infer<typeof introduceAssigneeSchema>;

// The agent's state is the worker's (workers/src/agent/agent-state.ts); only its language is read here.
const agentLang = z.object({ agent: z.object({ lang: z.enum(INTRODUCTION_LANGS) }) });
const langOf = (agentState: unknown): IntroductionLang => agentLang.safeParse(agentState).data?.agent.lang ?? DEFAULT_INTRODUCTION_LANG;

const SEND_REPLIES = /* GraphQL */ `mutation IntroduceAssigneeReplies($input: SendAgentRepliesInput!) {
  sendAgentReplies(input: $input) { id }
}`;

/** The messaging key of an assignment's introduction: the same assignment never introduces twice. */
export const introductionKey = (assignmentId: string) => `intro-${assignmentId}`;

/**
 * Tells the lead, on the thread where the agent talks to it, which consultant
 * will look after it. Nothing is sent to a lead that opted out (consent is
 * the person's, so any thread's opt-out counts) or that has no such thread (a
 * lead from a landing page): both are answers, not failures, so the caller's
 * outbox counts them delivered. Safe to repeat: messaging sends a key once.
 */
export async function introduceAssignee(ctx: ConversationsContext, input: IntroduceAssigneeInput): Promise<IntroductionOutcome> {
  // The lead id is a claim: it must name a lead of the caller's workspace.
  if (!(await ctx.access.exists(input.leadId))) fail(ConversationsErrorCode.LEAD_NOT_FOUND, 'leadId: no such lead', { field: 'leadId' });
  const threads = await ctx.prisma.conversation.findMany({ where: { workspaceId: workspaceOf(ctx.identity), leadId: input.leadId } });
  if (threads.some((t) => t.optedOutAt !== null)) return 'OPTED_OUT';
  const [thread] = threads.filter((t) => t.sessionId === ctx.agentSessionId).sort(byActivity);
  if (!thread) return 'NO_THREAD';
  const replies = [introductionText(langOf(thread.agentState), input.consultantName)];
  // Messaging takes the session and chat from the thread itself, as the caller (a service of this workspace).
  await ctx.router(SEND_REPLIES, { input: { conversationId: thread.id, key: introductionKey(input.assignmentId), replies } }, ctx);
  return 'INTRODUCED';
}
