import type { AgentConfig } from '@leadwire/agent-config';
import { initialAgentState } from '../agent-state.ts';
import { evaluateEligibility } from '../finance/eligibility.ts';
import { newProtocolNumber } from '../protocol-number.ts';
import type { AgentState, FieldName, Lang, LeadFields, Outcome, OutcomeReason, PolicyDecision, Understanding } from '../types.ts';
import { applyUnderstanding, isKnown } from './apply-understanding.ts';
import { enforceGuardrails } from './output-guard.ts';
import { decisionMessage, echo, faqAnswer, question } from './replies.ts';

export interface DecideOptions {
  /** The lead's message as sent: kept when the knowledge base cannot answer it, for the consultant. */
  text?: string;
  /** Where protocol numbers come from; tests pass a fixed one so `decide` stays deterministic. */
  newProtocol?: () => string;
}

export interface DecideResult {
  state: AgentState;
  replies: string[];
  outcome: Outcome;
  reason: OutcomeReason | null;
  decision: PolicyDecision;
}

const DECIDED: Outcome[] = ['QUALIFIED', 'UNQUALIFIED'];
const MAX_OPEN_QUESTIONS = 20;

function voteLanguage(state: AgentState, lang: Lang) {
  state.langVotes[lang] += 1;
  const { pt, en } = state.langVotes;
  // On a tie the conversation keeps its language: one stray message does not flip it.
  if (state.lang === null) state.lang = lang;
  else if (pt !== en) state.lang = pt > en ? 'pt' : 'en';
}

/**
 * The agent's policy: applies what a provider understood to the conversation
 * and decides what to say and the outcome. Pure (given `newProtocol`), and the
 * same whichever provider understood the message, so the guardrails hold for
 * all: what it would say is checked against them before it is returned.
 */
export function decide(previous: AgentState | null, u: Understanding, config: AgentConfig, options: DecideOptions = {}): DecideResult {
  return enforceGuardrails(composeTurn(previous, u, config, options), config);
}

function composeTurn(previous: AgentState | null, u: Understanding, config: AgentConfig, options: DecideOptions): DecideResult {
  const state: AgentState = structuredClone(previous ?? initialAgentState());
  state.turns += 1;
  voteLanguage(state, u.lang);
  const lang = state.lang!;
  const t = config.templates[lang];
  const decision: PolicyDecision = { action: 'SILENT', recorded: [], asked: null, faqId: null, progress: false, guardrails: [] };
  const done = (replies: string[]): DecideResult => ({ state, replies, outcome: state.outcome, reason: state.reason, decision });

  // An opt-out is final: nothing after it is recorded or answered.
  if (state.outcome === 'OPT_OUT') return done([]);
  if (u.intents.includes('OPT_OUT')) {
    state.outcome = 'OPT_OUT';
    state.reason = 'OPT_OUT';
    state.expecting = null;
    decision.action = 'GOODBYE';
    const replies = state.goodbyeSent || state.handoffSent ? [] : [t.goodbye];
    state.goodbyeSent = true;
    return done(replies);
  }

  const trusted = u.confidence >= config.minConfidence;
  const applied = trusted ? applyUnderstanding(state.fields, u) : null;
  if (applied) {
    state.fields = applied.fields;
    decision.recorded = applied.changed.filter((f) => isKnown(state.fields, f));
    if (applied.stated.length) state.lastRecorded = applied.stated;
  }

  // A consultant has the conversation: keep what the lead says for them, say nothing.
  if (state.outcome === 'NEEDS_HUMAN') return done([]);

  const handoff = (reason: OutcomeReason & keyof typeof t.handoff): DecideResult => {
    state.outcome = 'NEEDS_HUMAN';
    state.reason = reason;
    state.expecting = null;
    decision.action = 'HANDOFF';
    const replies = state.handoffSent ? [] : [t.handoff[reason]];
    state.handoffSent = true;
    return done(replies);
  };
  if (!applied) return handoff('LOW_CONFIDENCE');
  if (u.intents.includes('ASKS_HUMAN')) return handoff('ASKED_FOR_HUMAN');
  if (u.intents.includes('COMPLAINS')) return handoff('COMPLAINT');

  const asksProduct = u.intents.includes('ASKS_PRODUCT');
  const progress = applied.stated.length > 0;
  const neutral = asksProduct || u.intents.includes('GREETS');
  decision.progress = progress;
  const wasDecided = DECIDED.includes(state.outcome);
  if (progress || neutral) state.turnsWithoutProgress = 0;
  else if (!wasDecided) state.turnsWithoutProgress += 1;
  if (state.turnsWithoutProgress >= config.maxTurnsWithoutProgress) return handoff('NO_PROGRESS');

  const parts: string[] = [];
  if (!state.greeted) {
    parts.push(t.greeting);
    state.greeted = true;
  }
  const missing = config.requiredFields.filter((f) => !isKnown(state.fields, f));
  // A first decision's summary already reads back everything; a correction after it says what changed.
  const recordedEcho = missing.length || wasDecided ? echo(applied.changed, state.fields, t, lang, wasDecided) : null;
  if (recordedEcho) parts.push(recordedEcho);
  if (applied.cpfRejected) parts.push(t.cpfInvalid);
  if (asksProduct) {
    const answer = faqAnswer(u.faqId, config, lang);
    decision.faqId = answer ? u.faqId : null;
    if (answer) parts.push(answer);
    else {
      parts.push(t.faqUnknown);
      if (options.text) state.openQuestions = [...state.openQuestions, options.text.slice(0, 1000)].slice(-MAX_OPEN_QUESTIONS);
    }
  } else if (!progress && !neutral && !applied.cpfRejected && !wasDecided) {
    parts.push(state.expecting ? t.notUnderstood : t.offTopic);
  }

  if (!missing.length) {
    if (wasDecided && !applied.changed.length) {
      decision.action = 'ACKNOWLEDGE';
      if (!asksProduct) parts.push(t.acknowledge);
      return done([parts.join('\n\n')]);
    }
    const fields = state.fields as LeadFields;
    const result = evaluateEligibility(fields, config.productRules);
    state.outcome = result.outcome;
    state.reason = result.outcome === 'UNQUALIFIED' ? result.reason : null;
    state.score = result.outcome === 'QUALIFIED' ? result.score : null;
    state.simulation = result.simulation;
    if (result.outcome === 'QUALIFIED' && !state.protocol) state.protocol = (options.newProtocol ?? newProtocolNumber)();
    state.expecting = null;
    state.decisionSent = true;
    decision.action = 'DECIDE';
    parts.push(decisionMessage(fields, result, result.outcome === 'QUALIFIED' ? state.protocol : null, config, lang));
    return done([parts.join('\n\n')]);
  }

  // A correction took away something the decision needed (a CPF that is not valid): back to asking.
  if (wasDecided) {
    state.outcome = 'IN_PROGRESS';
    state.reason = null;
    state.score = null;
    state.simulation = null;
    state.decisionSent = false;
  }
  const next: FieldName = missing[0];
  state.expecting = next;
  decision.action = 'ASK';
  decision.asked = next;
  if (!applied.cpfRejected || next !== 'cpf') parts.push(question(next, state.fields, t));
  return done([parts.join('\n\n')]);
}
