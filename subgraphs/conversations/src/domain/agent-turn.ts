import { GUARDRAIL_ID } from '@leadwire/agent-config';
import { z } from 'zod';
import { ConversationsErrorCode, fail } from '../errors.ts';
import { Prisma, type Conversation } from '../generated/prisma/client.ts';
import type { ConversationTx } from './conversation-writes.ts';
import { mergeQualification, qualificationInputSchema } from './qualification.ts';

export const AGENT_OUTCOMES = ['IN_PROGRESS', 'QUALIFIED', 'UNQUALIFIED', 'NEEDS_HUMAN', 'OPT_OUT'] as const;
export type AgentOutcome = (typeof AGENT_OUTCOMES)[number];

// The agent's state is opaque here, but it is stored on every turn of every
// conversation: an object, and small.
const MAX_STATE_BYTES = 32 * 1024;
const jsonObject = (max: number) =>
  z
    .record(z.string(), z.unknown())
    .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= max, `must be at most ${max / 1024} KB of JSON`);

export const agentTurnSchema = z.object({
  expectedTurn: z.number().int().min(0),
  cursor: z.string().regex(/^\d{1,18}$/, 'is not a message log position'),
  state: jsonObject(MAX_STATE_BYTES),
  answers: qualificationInputSchema.nullish(),
  outcome: z.enum(AGENT_OUTCOMES),
  score: z.number().int().min(0, 'must be 0 to 100').max(100, 'must be 0 to 100').nullish(),
  reason: z.string().trim().max(500).nullish(),
  // Human-friendly and unguessable (see workers/src/agent/protocol-number.ts); the shape is all this side checks.
  protocol: z.string().regex(/^[A-Z0-9-]{6,20}$/, 'is not a protocol number').nullish(),
  financing: jsonObject(4 * 1024).nullish(),
  decision: z.object({
    provider: z.string().trim().min(1).max(40),
    latencyMs: z.number().int().min(0).max(600_000),
    confidence: z.number().min(0).max(1),
    intents: z.array(z.string().regex(/^[A-Z_]{2,30}$/)).max(10),
    sentiment: z.enum(['POSITIVE', 'NEUTRAL', 'NEGATIVE']),
    fellBack: z.string().max(40).nullish(),
    guardrails: z.array(z.string().regex(GUARDRAIL_ID, 'is not a guardrail id')).max(30).nullish(),
  }),
});
export type AgentTurnInput = z.infer<typeof agentTurnSchema>;

/** The agent may speak on a thread that is open, not handed to a person, and whose lead has not opted out. */
export const agentMaySpeak = (c: Pick<Conversation, 'status' | 'optedOutAt'>) => c.status === 'OPEN' && c.optedOutAt === null;

/**
 * Commits one agent turn on a locked conversation. Invariants:
 * - turns are linear: a turn computed from turn N commits only as N+1, so two
 *   workers reading the same messages cannot both answer them;
 * - the read position only moves forward;
 * - on a thread the agent may not speak on (a consultant took it over, the
 *   lead opted out), a turn only moves the read position: the state, the
 *   answers and the outcome stay as they were, and `applied` is false, so the
 *   caller sends nothing;
 * - a protocol number, once given, is kept; opting out marks every thread of
 *   the lead, because consent is the person's, not the thread's.
 */
export async function commitAgentTurn(w: ConversationTx, input: AgentTurnInput) {
  const { tx, conversation, append } = w;
  if (conversation.agentTurn !== input.expectedTurn) {
    fail(ConversationsErrorCode.AGENT_TURN_CONFLICT, `expectedTurn: the conversation is at turn ${conversation.agentTurn}`, { field: 'input.expectedTurn' });
  }
  const cursor = BigInt(input.cursor);
  if (conversation.agentCursor !== null && cursor < conversation.agentCursor) {
    fail(ConversationsErrorCode.AGENT_TURN_CONFLICT, 'cursor: the agent has already read past this position', { field: 'input.cursor' });
  }
  const turn = conversation.agentTurn + 1;
  const now = new Date();
  if (!agentMaySpeak(conversation)) {
    // Consent is the person's, whoever has the thread: an opt-out is recorded even here.
    const optOut = input.outcome === 'OPT_OUT' && conversation.optedOutAt === null;
    if (optOut) await optOutLead(w, now);
    const updated = await tx.conversation.update({
      where: { id: conversation.id },
      data: { agentTurn: turn, agentCursor: cursor, ...(optOut ? { optedOutAt: now } : {}) },
    });
    return { conversation: updated, applied: false };
  }

  const data: Prisma.ConversationUpdateInput = { agentTurn: turn, agentCursor: cursor, agentState: input.state as Prisma.InputJsonValue };
  if (input.answers) {
    const { qualification, changed } = mergeQualification(conversation.qualification, input.answers);
    if (changed.length) {
      data.qualification = qualification as object;
      await append('QUALIFICATION_UPDATED', { fields: changed });
    }
  }
  switch (input.outcome) {
    case 'IN_PROGRESS':
      if (conversation.qualificationState === 'NOT_STARTED') data.qualificationState = 'IN_PROGRESS';
      break;
    case 'QUALIFIED':
      data.qualificationState = 'QUALIFIED';
      data.qualificationScore = input.score ?? conversation.qualificationScore;
      data.protocol = conversation.protocol ?? input.protocol ?? null;
      if (input.financing) data.financing = input.financing as Prisma.InputJsonValue;
      if (conversation.qualificationState !== 'QUALIFIED') {
        data.qualifiedAt = now;
        await append('QUALIFIED', { score: input.score ?? null, protocol: data.protocol as string | null });
      }
      break;
    case 'UNQUALIFIED':
      data.qualificationState = 'DISQUALIFIED';
      if (conversation.qualificationState !== 'DISQUALIFIED') {
        data.qualifiedAt = now;
        await append('DISQUALIFIED', { reason: input.reason ?? null });
      }
      break;
    case 'NEEDS_HUMAN':
      data.status = 'HANDED_OFF';
      data.handoffReason = input.reason ?? 'The agent asked for a person';
      data.handedOffAt = now;
      await append('HANDED_OFF', { reason: data.handoffReason as string, by: 'agent' });
      break;
    case 'OPT_OUT':
      data.optedOutAt = now;
      await optOutLead(w, now);
      break;
  }
  // Field names, provider and timings only: the answers are personal data and the trail outlives them.
  await append('AGENT_TURN', {
    turn,
    outcome: input.outcome,
    ...input.decision,
    fellBack: input.decision.fellBack ?? null,
    guardrails: input.decision.guardrails ?? [],
  });
  try {
    const updated = await tx.conversation.update({ where: { id: conversation.id }, data });
    return { conversation: updated, applied: true };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      fail(ConversationsErrorCode.PROTOCOL_TAKEN, 'protocol: this protocol number is taken; draw another', { field: 'input.protocol' });
    }
    throw err;
  }
}

/** Marks the lead's other threads opted out and records the withdrawal on this one. */
async function optOutLead({ tx, conversation, append }: ConversationTx, at: Date) {
  await tx.conversation.updateMany({
    where: { workspaceId: conversation.workspaceId, leadId: conversation.leadId, optedOutAt: null, id: { not: conversation.id } },
    data: { optedOutAt: at },
  });
  await append('OPTED_OUT', {});
}
