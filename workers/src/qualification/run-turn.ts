import type { AgentConfig } from '@leadwire/agent-config';
import type { Logger, QualificationJob } from '@leadwire/platform';
import type { AgentState, FieldName, StepResult } from '../agent/types.ts';
import { PlatformError, type AgentOperations, type AgentThread, type ThreadMessage } from './agent-operations.ts';
import { ensureTurnEffects, type LastTurn } from './turn-effects.ts';

export interface Agent {
  step(state: AgentState | null, text: string, options?: { config?: AgentConfig }): Promise<StepResult>;
}

export interface TurnDeps {
  ops: AgentOperations;
  agent: Agent;
  /** The job's workspace's agent settings; the agent's own when unset. Asked once per turn, after the burst. */
  settings?: () => Promise<AgentConfig>;
  log: Logger;
  /** A lead's messages closer together than this are answered once, together. */
  burstMs: number;
  /** The AGENT session: the agent speaks on its threads only; on the TEAM number a consultant does. */
  agentSessionId?: string;
  sleep?: (ms: number) => Promise<void>;
  /** Suggestions for the person who has a thread (workers/src/suggestions): safe on any thread, stored once per lead message. */
  suggest?: (conversationId: string) => Promise<unknown>;
}

const MAX_BURST_WINDOWS = 4;

/** What the conversation stores for the agent: its dialogue state and what its last turn must have done. */
interface Stored {
  agent: AgentState | null;
  last: LastTurn | null;
}

const readStored = (raw: Record<string, unknown>): Stored => ({
  agent: (raw.agent as AgentState | undefined) ?? null,
  last: (raw.last as LastTurn | undefined) ?? null,
});

// The lead's words the agent has not read yet, oldest first.
const unread = (thread: AgentThread) =>
  thread.messages.filter((m) => m.direction === 'INBOUND' && (thread.agentCursor === null || BigInt(m.cursor) > BigInt(thread.agentCursor)));

const ANSWER_KEYS: Record<FieldName, string> = {
  name: 'fullName',
  cpf: 'cpf',
  income: 'monthlyIncome',
  product: 'productInterest',
  value: 'assetValue',
  downPayment: 'downPayment',
  city: 'city',
  state: 'state',
  employment: 'employment',
  timeframeMonths: 'timeframeMonths',
};

/** The fields a turn recorded, in the conversations subgraph's names. */
function answersOf(state: AgentState, recorded: Set<FieldName>) {
  const answers: Record<string, unknown> = {};
  for (const field of recorded) answers[ANSWER_KEYS[field]] = state.fields[field] ?? null;
  // The thread refuses a down payment above the value; the agent keeps it (and
  // says why the lead does not qualify), the stored answers leave it out.
  const { value, downPayment } = state.fields;
  if (value !== undefined && downPayment !== undefined && downPayment > value) delete answers.downPayment;
  return answers;
}

/**
 * One qualification job: the agent reads every lead message it has not read
 * on the thread (a burst is answered once), commits the turn, then makes sure
 * the turn's effects happened. Safe to run twice, concurrently or after a
 * crash: the turn commits only once (CONFLICT for the loser), and a job whose
 * message an earlier turn covered re-applies that turn's effects, which are
 * idempotent.
 */
export async function runQualificationJob(job: QualificationJob, deps: TurnDeps): Promise<void> {
  if (!job.conversationId) return;
  const sleep = deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; attempt < 5; attempt++) {
    let thread = await deps.ops.thread(job.conversationId);
    if (!thread) return;
    if (deps.agentSessionId && thread.sessionId !== deps.agentSessionId) {
      // A lead answering a consultant on the TEAM number: the consultant gets drafts, the agent stays out.
      await deps.suggest?.(thread.id);
      return;
    }
    let pending = unread(thread);
    // Wait for the burst to end (the lead may still be typing the rest): until
    // the newest message is `burstMs` old, however many more arrive meanwhile,
    // but never longer than a few windows in all, so a chatty lead still gets answers.
    const giveUpAt = Date.now() + deps.burstMs * MAX_BURST_WINDOWS;
    for (;;) {
      const newest = pending.at(-1);
      const quietIn = newest ? Math.min(Date.parse(newest.createdAt) + deps.burstMs, giveUpAt) - Date.now() : 0;
      if (quietIn <= 0) break;
      await sleep(quietIn);
      thread = (await deps.ops.thread(job.conversationId)) ?? thread;
      pending = unread(thread);
    }
    const stored = readStored(thread.agentState);
    if (!pending.length) {
      if (stored.last && stored.agent) await ensureTurnEffects(deps.ops, thread, stored.last, stored.agent);
      // A retried job on a thread a person has finishes what the turn left: its suggestions.
      if (!thread.agentMaySpeak) await deps.suggest?.(thread.id);
      return;
    }
    try {
      await takeTurn(deps, thread, stored, pending);
      return;
    } catch (err) {
      // Another worker committed a turn first: read again and take what is left.
      if (err instanceof PlatformError && err.code === 'CONFLICT') continue;
      throw err;
    }
  }
  throw new Error('qualification turn kept losing to concurrent turns');
}

async function takeTurn(deps: TurnDeps, thread: AgentThread, stored: Stored, pending: ThreadMessage[]) {
  let state = stored.agent;
  let result: StepResult | null = null;
  let replies: string[] = [];
  const recorded = new Set<FieldName>();
  // A reply refused in any message of a burst is the turn's to record, even when a later message has the last word.
  const guardrails = new Set<string>();
  const started = performance.now();
  const config = await deps.settings?.();
  for (const message of pending) {
    const text = message.body?.trim();
    if (!text) continue; // media without a caption: nothing to understand
    result = await deps.agent.step(state, text, { config });
    state = result.state;
    for (const field of result.decision.recorded) recorded.add(field);
    for (const id of result.decision.guardrails) guardrails.add(id);
    // A burst gets one answer: the last step that had something to say.
    if (result.replies.length) replies = result.replies;
  }
  const cursor = pending.at(-1)!.cursor;
  if (!result || !state) {
    await deps.ops.recordTurn(thread.id, idleTurn(thread, cursor));
    return;
  }
  const last: LastTurn = {
    turn: thread.agentTurn + 1,
    replies,
    outcome: state.outcome,
    previousOutcome: stored.agent?.outcome ?? null,
  };
  const { decision } = result;
  const committed = await deps.ops.recordTurn(thread.id, {
    expectedTurn: thread.agentTurn,
    cursor,
    state: { agent: state, last },
    answers: answersOf(state, recorded),
    outcome: state.outcome,
    score: state.score,
    reason: state.reason,
    protocol: state.protocol,
    financing: state.simulation,
    decision: {
      provider: decision.provider,
      latencyMs: Math.round(performance.now() - started),
      confidence: decision.confidence,
      intents: decision.intents,
      sentiment: decision.sentiment,
      fellBack: decision.fallbackFrom,
      guardrails: [...guardrails],
    },
  });
  deps.log.info({ conversationId: thread.id, turn: last.turn, outcome: state.outcome, provider: decision.provider, applied: committed.applied }, 'agent turn');
  if (guardrails.size) deps.log.warn({ conversationId: thread.id, turn: last.turn, guardrails: [...guardrails] }, 'agent reply refused by a guardrail');
  // Taken over or opted out meanwhile: the turn only moved the read position,
  // and the person who has the thread gets suggestions instead.
  if (!committed.applied) {
    // Consent is the person's whoever has the thread: the subgraph recorded the opt-out, the lead's record follows.
    if (state.outcome === 'OPT_OUT' && committed.conversation.optedOutAt) await deps.ops.updateLead(thread.lead.id, { consent: false });
    await deps.suggest?.(thread.id);
    return;
  }
  // Applied means the agent could speak when the turn committed.
  await ensureTurnEffects(deps.ops, { ...thread, agentMaySpeak: true }, last, state);
  // The agent just handed the thread over: its person starts with suggestions.
  if (state.outcome === 'NEEDS_HUMAN') await deps.suggest?.(thread.id);
}

// Media without text still moves the read position, with the state unchanged.
function idleTurn(thread: AgentThread, cursor: string) {
  const agent = readStored(thread.agentState).agent;
  return {
    expectedTurn: thread.agentTurn,
    cursor,
    state: thread.agentState,
    outcome: agent?.outcome ?? 'IN_PROGRESS',
    decision: { provider: 'none', latencyMs: 0, confidence: 1, intents: [], sentiment: 'NEUTRAL' },
  };
}
