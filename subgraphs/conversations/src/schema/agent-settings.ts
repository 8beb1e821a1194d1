import type { FaqEntry, ProductRule, ProductRules } from '@leadwire/agent-config';
import { builder } from '../builder.ts';
import { readAgentSettings, updateAgentSettings, type EffectiveAgentSettings } from '../domain/agent-settings.ts';

// The AI agent's settings are a workspace's data (issue 7): its product rules,
// knowledge base, reply templates and guardrails (told to models, and checked
// against every reply). Managers edit them; the
// qualification worker reads them as the workspace's service.

const AgentProductRule = builder.objectRef<ProductRule>('AgentProductRule').implement({
  description: 'What a product line finances and for whom.',
  fields: (t) => ({
    annualRate: t.exposeFloat('annualRate', { description: 'Reference interest rate a year: 0.115 = 11.5%' }),
    termMonths: t.exposeInt('termMonths'),
    minIncome: t.exposeFloat('minIncome', { description: 'Monthly, BRL' }),
    minValue: t.exposeFloat('minValue', { description: 'BRL' }),
    maxValue: t.exposeFloat('maxValue', { description: 'BRL' }),
    minDownPaymentShare: t.exposeFloat('minDownPaymentShare', { description: 'Of the value: 0.2 = 20%' }),
    maxInstallmentShare: t.exposeFloat('maxInstallmentShare', { description: 'Most of the monthly income one installment may take: 0.3 = 30%' }),
    acceptedStates: t.exposeStringList('acceptedStates', { description: 'UFs served, e.g. SP' }),
  }),
});

// Field names are the ProductLine values, so paths read like the settings: productRules.REAL_ESTATE.annualRate.
const AgentProductRules = builder.objectRef<ProductRules>('AgentProductRules').implement({
  fields: (t) => ({
    REAL_ESTATE: t.field({ type: AgentProductRule, resolve: (r) => r.REAL_ESTATE }),
    VEHICLE: t.field({ type: AgentProductRule, resolve: (r) => r.VEHICLE }),
  }),
});

const AgentKnowledgeEntry = builder.objectRef<FaqEntry>('AgentKnowledgeEntry').implement({
  description: 'A product question the agent answers, and its only answer. `{rate.REAL_ESTATE}`-style placeholders are filled from the product rules.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'One id per question; an entry per language shares it' }),
    lang: t.exposeString('lang', { description: 'pt or en' }),
    question: t.exposeString('question'),
    answer: t.exposeString('answer'),
    keywords: t.exposeStringList('keywords', { description: 'Words or phrases that point at this entry' }),
  }),
});

export const AgentSettings = builder.objectRef<EffectiveAgentSettings>('AgentSettings').implement({
  description: 'The AI agent’s settings in effect for the workspace: the defaults with what the workspace changed.',
  fields: (t) => ({
    productRules: t.field({ type: AgentProductRules, resolve: (s) => s.config.productRules }),
    requiredFields: t.stringList({
      description: 'What the agent asks for, in this order; of name, cpf, income, product, value, downPayment, city, state, employment, timeframeMonths',
      resolve: (s) => s.config.requiredFields,
    }),
    knowledgeBase: t.field({ type: [AgentKnowledgeEntry], resolve: (s) => s.config.knowledgeBase }),
    templates: t.field({
      type: 'JSON',
      description: 'What the agent says: `{ pt: {…}, en: {…} }`, each text by name (greeting, ask.income, reasons.INCOME_BELOW_MINIMUM…) with `{placeholders}`',
      resolve: (s) => s.config.templates,
    }),
    guardrails: t.string({ description: 'Instructions every model-based provider is given, in its system prompt', resolve: (s) => s.config.guardrails }),
    guardrailPatterns: t.field({
      type: 'JSON',
      description:
        'What every reply is checked against before it is sent: `{ PROMISES_APPROVAL: { pt: [regex…], en: [regex…] }, … }`, regular expressions over the reply in lower case, without accents or punctuation. A reply that matches is not sent: the lead gets templates.*.handoff.GUARDRAIL and a consultant takes over',
      resolve: (s) => s.config.guardrailPatterns,
    }),
    minConfidence: t.float({ description: 'Below this (0 to 1) a consultant takes over', resolve: (s) => s.config.minConfidence }),
    maxTurnsWithoutProgress: t.int({ resolve: (s) => s.config.maxTurnsWithoutProgress }),
    overrides: t.field({ type: 'JSON', description: 'Only what the workspace changed from the defaults, as stored', resolve: (s) => s.overrides }),
    version: t.exposeInt('version', { description: '0 until first saved; pass it as expectedVersion to edit safely' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true, description: 'Null until first saved' }),
  }),
});

const AgentProductRuleInput = builder.inputType('AgentProductRuleInput', {
  description: 'Omitted fields keep their value; null puts one back to its default.',
  fields: (t) => ({
    annualRate: t.float({ description: '0 to 2: 0.115 = 11.5% a year' }),
    termMonths: t.int({ description: '1 to 600' }),
    minIncome: t.float(),
    minValue: t.float(),
    maxValue: t.float({ description: 'At least minValue' }),
    minDownPaymentShare: t.float({ description: '0 to 1' }),
    maxInstallmentShare: t.float({ description: 'Above 0, at most 1' }),
    acceptedStates: t.stringList({ description: 'UFs, replaces the whole list' }),
  }),
});

const AgentProductRulesInput = builder.inputType('AgentProductRulesInput', {
  fields: (t) => ({
    REAL_ESTATE: t.field({ type: AgentProductRuleInput }),
    VEHICLE: t.field({ type: AgentProductRuleInput }),
  }),
});

const AgentKnowledgeEntryInput = builder.inputType('AgentKnowledgeEntryInput', {
  fields: (t) => ({
    id: t.string({ required: true }),
    lang: t.string({ required: true, description: 'pt or en' }),
    question: t.string({ required: true }),
    answer: t.string({ required: true }),
    keywords: t.stringList({ required: true }),
  }),
});

const AgentSettingsInput = builder.inputType('AgentSettingsInput', {
  description:
    'An edit of the agent’s settings: omitted fields keep their value, null puts one back to its default, objects merge field by field and lists are replaced whole.',
  fields: (t) => ({
    productRules: t.field({ type: AgentProductRulesInput }),
    requiredFields: t.stringList({ description: 'Must include cpf, income, product, value, downPayment and state' }),
    knowledgeBase: t.field({ type: [AgentKnowledgeEntryInput], description: 'Replaces the whole knowledge base' }),
    templates: t.field({ type: 'JSON', description: 'Texts to change, shaped as AgentSettings.templates, e.g. `{ "en": { "goodbye": "Bye!" } }`' }),
    guardrails: t.string(),
    guardrailPatterns: t.field({ type: 'JSON', description: 'Guardrails to add or change, shaped as AgentSettings.guardrailPatterns; each language’s list is replaced whole' }),
    minConfidence: t.float(),
    maxTurnsWithoutProgress: t.int(),
  }),
});

builder.queryFields((t) => ({
  agentSettings: t.field({
    type: AgentSettings,
    description: 'The AI agent’s settings in effect: the defaults with what the workspace changed.',
    authScopes: { manager: true, service: true },
    resolve: (_root, _args, ctx) => readAgentSettings(ctx),
  }),
}));

builder.mutationFields((t) => ({
  updateAgentSettings: t.field({
    type: AgentSettings,
    description: 'Changes the AI agent’s settings (managers). Invalid settings are BAD_USER_INPUT naming the field, and nothing is saved.',
    authScopes: { manager: true },
    args: {
      input: t.arg({ type: AgentSettingsInput, required: true }),
      expectedVersion: t.arg.int({ description: 'The version the edit was made on: CONFLICT if the settings changed since' }),
    },
    resolve: (_root, args, ctx) => updateAgentSettings(ctx, args.input as Record<string, unknown>, args.expectedVersion),
  }),
}));
