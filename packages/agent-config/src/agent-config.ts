import { z } from 'zod';
import { DEFAULT_GUARDRAIL_PATTERNS, DEFAULT_GUARDRAILS, zGuardrailPatterns } from './guardrails.ts';
import { DEFAULT_KNOWLEDGE_BASE } from './knowledge-base.ts';
import { DEFAULT_PRODUCT_RULES, zProductRules } from './product-rules.ts';
import { DEFAULT_REPLY_TEMPLATES, zReplyTemplates } from './reply-templates.ts';
import { mergeSettings } from './settings-overrides.ts';
import { FIELD_NAMES, type FieldName } from './vocabulary.ts';

const zFaqEntry = z.object({
  id: z.string().trim().min(1).max(80),
  lang: z.enum(['pt', 'en']),
  question: z.string().trim().min(1).max(500),
  answer: z.string().trim().min(1).max(2000),
  keywords: z.array(z.string().trim().min(1).max(80)).min(1).max(50),
});

/** The fields the product rules read: a workspace cannot drop them from the required list. */
const NEEDED_BY_RULES: FieldName[] = ['cpf', 'income', 'product', 'value', 'downPayment', 'state'];

export const zAgentConfig = z.object({
  /** Asked in this order; all known → the agent decides. */
  requiredFields: z
    .array(z.enum(FIELD_NAMES))
    .min(1)
    .refine((list) => new Set(list).size === list.length, 'must not repeat a field')
    .refine((list) => NEEDED_BY_RULES.every((f) => list.includes(f)), `must include ${NEEDED_BY_RULES.join(', ')}`),
  productRules: zProductRules,
  knowledgeBase: z.array(zFaqEntry).max(500),
  templates: z.object({ pt: zReplyTemplates, en: zReplyTemplates }),
  /** Told to every model-based provider (its system prompt's guardrails section). */
  guardrails: z.string().trim().min(1).max(10_000),
  /** Checked against every reply before it is sent, per guardrail id and language: a match hands the lead to a person. */
  guardrailPatterns: zGuardrailPatterns,
  /** Below this a provider's reading is not trusted: a consultant takes over. */
  minConfidence: z.number().min(0).max(1),
  maxTurnsWithoutProgress: z.number().int().min(1).max(20),
});
export type AgentConfig = z.infer<typeof zAgentConfig>;

export const DEFAULT_AGENT_CONFIG: AgentConfig = {
  requiredFields: ['product', 'name', 'city', 'state', 'income', 'value', 'downPayment', 'cpf', 'employment', 'timeframeMonths'],
  productRules: DEFAULT_PRODUCT_RULES,
  knowledgeBase: DEFAULT_KNOWLEDGE_BASE,
  templates: DEFAULT_REPLY_TEMPLATES,
  guardrails: DEFAULT_GUARDRAILS,
  guardrailPatterns: DEFAULT_GUARDRAIL_PATTERNS,
  minConfidence: 0.5,
  maxTurnsWithoutProgress: 3,
};

/**
 * A workspace's agent settings over the defaults: it may set only what it
 * changes (one product's rate, one reply). Throws a ZodError naming the path
 * of the first bad value, for the caller to report as BAD_USER_INPUT.
 */
export function resolveAgentConfig(settings: unknown = {}): AgentConfig {
  return zAgentConfig.parse(mergeSettings(DEFAULT_AGENT_CONFIG, settings ?? {}));
}

