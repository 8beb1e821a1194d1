// The qualification agent's vocabulary. Providers (rules, openai) only
// *understand* a lead's message; what the agent says and decides is the
// policy's, the same whatever provider understood, so guardrails hold for all.

// What the agent collects and its knowledge base's entries are the settings'
// vocabulary, shared with the conversations subgraph that validates them.
import type { Employment, FaqEntry, FieldName, Lang, LeadFields, Product } from '@leadwire/agent-config';
export type { Employment, FaqEntry, FieldName, Lang, LeadFields, Product };
export { FIELD_NAMES } from '@leadwire/agent-config';

export const INTENTS = ['GIVES_INFO', 'ASKS_PRODUCT', 'ASKS_HUMAN', 'OPT_OUT', 'COMPLAINS', 'GREETS', 'OFF_TOPIC'] as const;
export type Intent = (typeof INTENTS)[number];
export type Sentiment = 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE';

/** One message understood. */
export interface Understanding {
  lang: Lang;
  intents: Intent[];
  sentiment: Sentiment;
  /** Only what this message states; a correction simply states the new value. */
  fields: Partial<LeadFields>;
  /** The knowledge-base entry the lead asks about, if any: answers come from there, never invented. */
  faqId: string | null;
  /** 0..1: how sure the provider is of this reading. */
  confidence: number;
}

export interface UnderstandContext {
  /** The conversation's language so far, if known. */
  lang: Lang | null;
  /** The field the agent asked for last: a bare "12 mil" answers it. */
  expecting: FieldName | null;
  known: Partial<LeadFields>;
  knowledgeBase: FaqEntry[];
  /** The workspace's guardrails, for providers that are told them (a model's system prompt). */
  guardrails: string;
  /** Fields the previous message recorded: what a bare correction ("não, 9 mil") most likely corrects. */
  lastRecorded?: FieldName[];
}

export interface AgentProvider {
  readonly name: string;
  /** Must honour `signal`: the caller gives up at its deadline and falls back to rules. */
  understand(text: string, ctx: UnderstandContext, signal?: AbortSignal): Promise<Understanding>;
}

export type Outcome = 'QUALIFIED' | 'UNQUALIFIED' | 'NEEDS_HUMAN' | 'OPT_OUT' | 'IN_PROGRESS';

export const AMOUNT_FIELDS = ['income', 'value', 'downPayment'] as const satisfies readonly FieldName[];
export type AmountField = (typeof AMOUNT_FIELDS)[number];

/** Why the outcome is what it is: an eligibility rule that failed, or why the agent stopped. */
export type OutcomeReason =
  | 'CPF_INVALID'
  | 'INCOME_BELOW_MINIMUM'
  | 'VALUE_BELOW_MINIMUM'
  | 'VALUE_ABOVE_MAXIMUM'
  | 'DOWN_PAYMENT_TOO_LOW'
  | 'DOWN_PAYMENT_NOT_BELOW_VALUE'
  | 'STATE_NOT_SERVED'
  | 'INSTALLMENT_TOO_HIGH'
  | 'OPT_OUT'
  | 'ASKED_FOR_HUMAN'
  | 'COMPLAINT'
  | 'LOW_CONFIDENCE'
  | 'NO_PROGRESS'
  /** A reply tripped a guardrail and was not sent. */
  | 'GUARDRAIL';

/** What a lead would pay; amounts in BRL rounded to cents, rates as fractions (0.115). */
export interface FinancingSimulation {
  product: Product;
  annualRate: number;
  monthlyRate: number;
  termMonths: number;
  financed: number;
  priceInstallment: number;
  sacFirstInstallment: number;
  sacLastInstallment: number;
}

/**
 * One conversation's memory, persisted between lead messages (JSON, no
 * Dates or Maps), so `step` can run on any worker after a restart.
 */
export interface AgentState {
  version: 1;
  /** The conversation's language; null until a message shows it. */
  lang: Lang | null;
  /** How many messages read as each language: the majority wins, so one stray word does not flip it. */
  langVotes: Record<Lang, number>;
  fields: Partial<LeadFields>;
  /** The field the agent asked for last. */
  expecting: FieldName | null;
  /** Fields the last recording message set: a bare "não, 9 mil" corrects these. */
  lastRecorded: FieldName[];
  turns: number;
  turnsWithoutProgress: number;
  outcome: Outcome;
  reason: OutcomeReason | null;
  /** 0..100, QUALIFIED only. */
  score: number | null;
  /** Issued at the first QUALIFIED decision and kept, so a re-qualification tells the same number. */
  protocol: string | null;
  simulation: FinancingSimulation | null;
  greeted: boolean;
  decisionSent: boolean;
  handoffSent: boolean;
  goodbyeSent: boolean;
  /** Product questions the knowledge base could not answer: a consultant answers them. */
  openQuestions: string[];
}

/** What the policy did with one message, for logs and the CRM timeline. */
export interface PolicyDecision {
  action: 'ASK' | 'DECIDE' | 'HANDOFF' | 'GOODBYE' | 'SILENT' | 'ACKNOWLEDGE';
  /** Fields this message set or changed. */
  recorded: FieldName[];
  asked: FieldName | null;
  faqId: string | null;
  progress: boolean;
  /** Guardrails the drafted reply tripped (ids of the settings' guardrailPatterns): it was refused, and a consultant takes over. */
  guardrails: string[];
}

export interface StepDecision extends PolicyDecision {
  /** The provider whose understanding was used ("rules" after a fallback). */
  provider: string;
  latencyMs: number;
  confidence: number;
  intents: Intent[];
  sentiment: Sentiment;
  /** Set when the first provider failed and rules answered instead. */
  fallbackFrom: string | null;
}

export interface StepResult {
  state: AgentState;
  replies: string[];
  outcome: Outcome;
  decision: StepDecision;
}
