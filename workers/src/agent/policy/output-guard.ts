import { compileGuardrailPattern, foldForGuardrails, type AgentConfig, type GuardrailPatterns } from '@leadwire/agent-config';
import type { DecideResult } from './decide.ts';

// The guardrails are enforced on what the agent is about to say, not only
// asked of the model: a reply is built from templates, knowledge-base answers
// and values a provider read (a name, a city), and any of them can carry a
// promise of approval or a request for a password. A reply that trips a
// guardrail is not sent.

type Compiled = Array<{ id: string; patterns: RegExp[] }>;

// Settings objects are kept per workspace version (agent-settings-cache), so
// compiling once per object compiles once per settings change.
const compiled = new WeakMap<GuardrailPatterns, Compiled>();

function compile(patterns: GuardrailPatterns): Compiled {
  let found = compiled.get(patterns);
  if (!found) {
    // Every language's patterns, whatever the conversation's: a reply can quote
    // another language (a name a model read from the lead's message).
    found = Object.entries(patterns).map(([id, byLang]) => ({ id, patterns: Object.values(byLang).flat().map(compileGuardrailPattern) }));
    compiled.set(patterns, found);
  }
  return found;
}

/** The ids of the guardrails `replies` trip, in the settings' order; empty when they may be sent. */
export function trippedGuardrails(replies: string[], patterns: GuardrailPatterns): string[] {
  if (!replies.length) return [];
  const texts = replies.map(foldForGuardrails);
  return compile(patterns)
    .filter(({ patterns: list }) => list.some((re) => texts.some((text) => re.test(text))))
    .map(({ id }) => id);
}

/**
 * The turn `result` as it may be sent. When its replies trip a guardrail they
 * are refused: the lead gets the GUARDRAIL hand-off text instead and a
 * consultant takes over (the refused words cannot be fixed by the agent, and
 * whatever led to them, a template or a model's reading, needs a person). An
 * opt-out stays an opt-out, only without the refused goodbye. The decision
 * names the guardrails, for the turn's trail.
 */
export function enforceGuardrails(result: DecideResult, config: AgentConfig): DecideResult {
  const tripped = trippedGuardrails(result.replies, config.guardrailPatterns);
  if (!tripped.length) return result;
  const { state, decision } = result;
  decision.guardrails = tripped;
  if (state.outcome === 'OPT_OUT') return { ...result, replies: [] };
  const safe = config.templates[state.lang ?? 'pt'].handoff.GUARDRAIL;
  if (state.outcome !== 'NEEDS_HUMAN') {
    state.outcome = 'NEEDS_HUMAN';
    state.reason = 'GUARDRAIL';
  }
  // The decision message was not sent: a consultant tells the lead instead.
  state.decisionSent = false;
  state.expecting = null;
  state.handoffSent = true;
  decision.action = 'HANDOFF';
  decision.asked = null;
  // A workspace's own hand-off text is checked too: when it trips as well, silence beats saying it.
  const replies = trippedGuardrails([safe], config.guardrailPatterns).length ? [] : [safe];
  return { ...result, replies, outcome: state.outcome, reason: state.reason };
}
