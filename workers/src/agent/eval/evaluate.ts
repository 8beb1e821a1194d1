import type { AgentConfig } from '@leadwire/agent-config';
import { normalizeCpf } from '@leadwire/platform/validation';
import { createAgent } from '../agent.ts';
import type { AgentProvider, AgentState, FieldName, LeadFields, Outcome } from '../types.ts';
import { expectedFields, type Expect, type LabelledConversation } from './eval-set.ts';

export interface Miss {
  id: string;
  /** A lead field, or "outcome". */
  what: FieldName | 'outcome';
  expected: unknown;
  got: unknown;
}

export interface ProviderScore {
  provider: string;
  fieldsRight: number;
  fieldsTotal: number;
  outcomesRight: number;
  conversations: number;
  /** Turns where the provider failed and the rules answered instead. */
  fallbacks: number;
  misses: Miss[];
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

/**
 * One field right or wrong: text after trimming and case (and accent) folding,
 * amounts within 1%, and an expected null CPF means the agent must hold no valid CPF.
 */
export function fieldMatches(field: FieldName, expected: unknown, got: unknown): boolean {
  if (field === 'cpf' && expected === null) return typeof got !== 'string' || normalizeCpf(got) === null;
  if (got === undefined || got === null) return expected === undefined || expected === null;
  if (field === 'income' || field === 'value' || field === 'downPayment') {
    return typeof got === 'number' && Math.abs(got - (expected as number)) <= 0.01 * Math.abs(expected as number);
  }
  if (typeof expected === 'string' && typeof got === 'string') return fold(expected) === fold(got);
  return expected === got;
}

/** Replays the lead's messages one at a time; the agent's replies do not change them. */
export async function replay(conversation: LabelledConversation, provider: AgentProvider, config?: AgentConfig) {
  const agent = createAgent({ providers: [provider], config });
  let state: AgentState | null = null;
  let outcome: Outcome = 'IN_PROGRESS';
  let fallbacks = 0;
  const turns: Array<{ message: string; replies: string[]; provider: string }> = [];
  for (const message of conversation.messages) {
    const result = await agent.step(state, message);
    state = result.state;
    outcome = result.outcome;
    if (result.decision.fallbackFrom) fallbacks += 1;
    turns.push({ message, replies: result.replies, provider: result.decision.provider });
  }
  return { state: state!, outcome, fallbacks, turns };
}

export function compare(id: string, expect: Expect, fields: Partial<LeadFields>, outcome: Outcome): { right: number; total: number; outcomeRight: boolean; misses: Miss[] } {
  const misses: Miss[] = [];
  let right = 0;
  const checked = expectedFields(expect);
  for (const f of checked) {
    if (fieldMatches(f, expect[f], fields[f])) right += 1;
    else misses.push({ id, what: f, expected: expect[f], got: fields[f] });
  }
  const outcomeRight = expect.outcome === outcome;
  if (!outcomeRight) misses.push({ id, what: 'outcome', expected: expect.outcome, got: outcome });
  return { right, total: checked.length, outcomeRight, misses };
}

export async function evaluate(set: LabelledConversation[], provider: AgentProvider, config?: AgentConfig): Promise<ProviderScore> {
  const score: ProviderScore = { provider: provider.name, fieldsRight: 0, fieldsTotal: 0, outcomesRight: 0, conversations: set.length, fallbacks: 0, misses: [] };
  for (const conversation of set) {
    const run = await replay(conversation, provider, config);
    const c = compare(conversation.id, conversation.expect, run.state.fields, run.outcome);
    score.fieldsRight += c.right;
    score.fieldsTotal += c.total;
    score.outcomesRight += c.outcomeRight ? 1 : 0;
    score.fallbacks += run.fallbacks;
    score.misses.push(...c.misses);
  }
  return score;
}

/** Whole percent, rounded down so a figure never looks better than it is. */
export const percentOf = (right: number, total: number) => (total ? Math.floor((100 * right) / total) : 100);

/** The line scripts and CI read: `eval: fields N% outcome N% (provider)`. */
export const summaryLine = (s: ProviderScore) =>
  `eval: fields ${percentOf(s.fieldsRight, s.fieldsTotal)}% outcome ${percentOf(s.outcomesRight, s.conversations)}% (${s.provider})`;
