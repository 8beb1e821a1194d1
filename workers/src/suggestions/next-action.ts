import type { AgentConfig } from '@leadwire/agent-config';
import { fill, joinList } from '../agent/policy/format.ts';
import type { Lang } from '../agent/types.ts';
import { simulationTold, type ThreadReading } from './read-thread.ts';
import { RATIONALE_TEXTS } from './suggestion-texts.ts';

/** The messaging subgraph's SuggestedAction. SCHEDULE_VISIT is for consultants and models: the rules never guess a visit. */
export type SuggestedAction =
  | 'ASK_MISSING_INFO'
  | 'SEND_SIMULATION'
  | 'REQUEST_DOCUMENTS'
  | 'SCHEDULE_VISIT'
  | 'CALL_LEAD'
  | 'ANSWER_QUESTION'
  | 'CLOSE_LOST';

export interface NextAction {
  action: SuggestedAction;
  rationale: string;
}

/**
 * The consultant's next best action, first match wins: a lead who opted out
 * is closed; one who asked for a person or complained gets a call; an open
 * product question is answered before anything else is asked; then what is
 * missing; then the decision (closed when not eligible, otherwise the
 * simulation and then the documents).
 */
export function nextBestAction(reading: ThreadReading, config: AgentConfig, rationaleLang: Lang): NextAction {
  const r = RATIONALE_TEXTS[rationaleLang];
  const labels = config.templates[rationaleLang].labels;
  if (reading.optOut) return { action: 'CLOSE_LOST', rationale: r.optOut };
  if (reading.asksHuman) return { action: 'CALL_LEAD', rationale: r.askedHuman };
  if (reading.complains) return { action: 'CALL_LEAD', rationale: r.complained };
  const question = reading.openQuestions.at(-1);
  if (question) return { action: 'ANSWER_QUESTION', rationale: fill(r.openQuestion, { question: question.slice(0, 300) }) };
  if (reading.missing.length) {
    return { action: 'ASK_MISSING_INFO', rationale: fill(r.missing, { fields: joinList(reading.missing.map((f) => labels[f]), r.and) }) };
  }
  const eligibility = reading.eligibility!;
  if (eligibility.outcome === 'UNQUALIFIED') return { action: 'CLOSE_LOST', rationale: fill(r.notEligible, { reason: r.reasons[eligibility.reason] }) };
  if (!simulationTold(reading)) return { action: 'SEND_SIMULATION', rationale: fill(r.sendSimulation, { score: eligibility.score }) };
  return { action: 'REQUEST_DOCUMENTS', rationale: r.requestDocuments };
}
