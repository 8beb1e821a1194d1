import type { AgentConfig } from '@leadwire/agent-config';
import { evaluateEligibility, type Eligibility } from '../agent/finance/eligibility.ts';
import { applyUnderstanding, isKnown } from '../agent/policy/apply-understanding.ts';
import type { AgentProvider, AgentState, FieldName, Lang, LeadFields } from '../agent/types.ts';

/** A message of the lead's history, as the platform gives it. */
export interface LeadMessage {
  id: string;
  cursor: string;
  direction: 'INBOUND' | 'OUTBOUND';
  author: 'LEAD' | 'AI' | 'CONSULTANT' | 'SYSTEM';
  body: string | null;
  createdAt: string;
  conversationId: string | null;
}

/** Where a handed-off conversation stands: what the consultant's next message should deal with. */
export interface ThreadReading {
  /** The lead message the suggestions answer: the newest on the conversation. */
  source: LeadMessage;
  lang: Lang;
  /** What is known once the unanswered messages are read. */
  fields: Partial<LeadFields>;
  /** What those messages set or changed. */
  recorded: FieldName[];
  missing: FieldName[];
  cpfRejected: boolean;
  /** Knowledge-base entries the lead asked about, in the order asked. */
  faqIds: string[];
  /** Product questions the knowledge base cannot answer: asked now, or left open by the agent before a person took over. */
  openQuestions: string[];
  optOut: boolean;
  asksHuman: boolean;
  complains: boolean;
  /** A consultant has written to the lead already (then there is no need to introduce them). */
  consultantSpoke: boolean;
  /** When every required field is known. */
  eligibility: Eligibility | null;
  state: AgentState | null;
}

const seqOf = (m: LeadMessage) => BigInt(m.cursor);
const byCursor = (a: LeadMessage, b: LeadMessage) => (seqOf(a) === seqOf(b) ? 0 : seqOf(a) < seqOf(b) ? -1 : 1);
const isFromLead = (m: LeadMessage) => m.direction === 'INBOUND' && m.author === 'LEAD';

/**
 * Reads what the lead said since anyone last answered, over the agent's
 * stored state, with the same understanding the agent uses (the rules
 * provider, or any other). Null when there is nothing to answer on this
 * conversation: no lead message, a newer one on another thread (its own job
 * answers it), or a consultant who already answered it.
 */
export async function readThread(
  conversationId: string,
  state: AgentState | null,
  history: LeadMessage[],
  config: AgentConfig,
  provider: AgentProvider,
): Promise<ThreadReading | null> {
  const messages = [...history].sort(byCursor);
  const source = messages.filter(isFromLead).at(-1);
  if (!source || source.conversationId !== conversationId) return null;
  const after = messages.filter((m) => byCursor(m, source) > 0);
  if (after.some((m) => m.direction === 'OUTBOUND' && m.author === 'CONSULTANT')) return null;
  // The lead's messages since the last word to them before the source: the
  // agent's own hand-off line after it does not answer what the lead wants.
  const upToSource = messages.filter((m) => byCursor(m, source) <= 0);
  let start = upToSource.length;
  while (start > 0 && upToSource[start - 1]!.direction === 'INBOUND') start--;
  const unanswered = upToSource.slice(start).filter((m) => isFromLead(m) && m.body?.trim());

  let fields: Partial<LeadFields> = { ...(state?.fields ?? {}) };
  let lang: Lang | null = state?.lang ?? null;
  let expecting = state?.expecting ?? null;
  let lastRecorded = state?.lastRecorded ?? [];
  const recorded = new Set<FieldName>();
  const reading = { faqIds: [] as string[], openQuestions: [] as string[], optOut: false, asksHuman: false, complains: false, cpfRejected: false };
  for (const message of unanswered) {
    const text = message.body!.trim();
    const u = await provider.understand(text, { lang, expecting, known: fields, knowledgeBase: config.knowledgeBase, guardrails: config.guardrails, lastRecorded });
    lang ??= u.lang;
    reading.optOut ||= u.intents.includes('OPT_OUT');
    reading.asksHuman ||= u.intents.includes('ASKS_HUMAN');
    reading.complains ||= u.intents.includes('COMPLAINS');
    if (u.intents.includes('ASKS_PRODUCT')) {
      if (u.faqId && config.knowledgeBase.some((e) => e.id === u.faqId)) {
        if (!reading.faqIds.includes(u.faqId)) reading.faqIds.push(u.faqId);
      } else reading.openQuestions.push(text.slice(0, 300));
    }
    // An unsure reading is not recorded, as the agent would not record it.
    if (u.confidence < config.minConfidence) continue;
    const applied = applyUnderstanding(fields, u);
    fields = applied.fields;
    for (const f of applied.changed) recorded.add(f);
    if (applied.stated.length) lastRecorded = applied.stated;
    reading.cpfRejected = applied.cpfRejected;
    if (expecting && isKnown(fields, expecting)) expecting = null;
  }

  const consultantSpoke = messages.some((m) => m.direction === 'OUTBOUND' && m.author === 'CONSULTANT');
  // Questions the agent passed on before the hand-off, while no consultant has spoken yet.
  if (!consultantSpoke) reading.openQuestions.unshift(...(state?.openQuestions ?? []).filter((q) => !reading.openQuestions.includes(q)));
  const missing = config.requiredFields.filter((f) => !isKnown(fields, f));
  return {
    ...reading,
    source,
    lang: lang ?? 'pt',
    fields,
    recorded: [...recorded].filter((f) => isKnown(fields, f)),
    missing,
    consultantSpoke,
    eligibility: missing.length ? null : evaluateEligibility(fields as LeadFields, config.productRules),
    state,
  };
}

/** Whether the agent told the lead the very simulation the rules give now. */
export function simulationTold(reading: ThreadReading): boolean {
  const { state, eligibility } = reading;
  return !!state?.decisionSent && state.outcome === 'QUALIFIED' && state.simulation?.financed === eligibility?.simulation?.financed;
}
