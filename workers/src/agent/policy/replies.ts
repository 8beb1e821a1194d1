import type { AgentConfig, ReplyTemplates } from '@leadwire/agent-config';
import type { Eligibility } from '../finance/eligibility.ts';
import type { FieldName, Lang, LeadFields } from '../types.ts';
import { fieldText, fill, joinList, money, percent } from './format.ts';

/** "Anotei sua renda mensal de R$ 8.000,00 e a cidade Campinas/SP." */
export function echo(recorded: FieldName[], fields: Partial<LeadFields>, t: ReplyTemplates, lang: Lang, correction: boolean): string | null {
  const shown = recorded.filter((f) => fields[f] !== undefined && fields[f] !== null && !(f === 'state' && recorded.includes('city')));
  if (!shown.length) return null;
  const items = shown.map((f) => fill(t.echo[f], { value: fieldText(f, fields, t, lang) }));
  return fill(correction ? t.updated : t.recorded, { items: joinList(items, t.and) });
}

export function question(field: FieldName, fields: Partial<LeadFields>, t: ReplyTemplates): string {
  if (field === 'state' && fields.city) return fill(t.askStateOf, { city: fields.city });
  if (field === 'city' && fields.state) return fill(t.askCityIn, { state: fields.state });
  return fill(t.ask[field], { productName: fields.product ? t.productNames[fields.product] : t.productNames.unknown });
}

/** Placeholders a knowledge-base answer may use, from the workspace's product rules. */
export function ruleVars(config: AgentConfig, lang: Lang): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const product of ['REAL_ESTATE', 'VEHICLE'] as const) {
    const r = config.productRules[product];
    vars[`rate.${product}`] = percent(r.annualRate, lang);
    vars[`term.${product}`] = String(r.termMonths);
    vars[`minDown.${product}`] = percent(r.minDownPaymentShare, lang);
    vars[`minIncome.${product}`] = money(r.minIncome, lang);
  }
  return vars;
}

/** The knowledge base's answer in the conversation's language (or any language it has), never an invented one. */
export function faqAnswer(faqId: string | null, config: AgentConfig, lang: Lang): string | null {
  if (!faqId) return null;
  const entries = config.knowledgeBase.filter((e) => e.id === faqId);
  const entry = entries.find((e) => e.lang === lang) ?? entries[0];
  return entry ? fill(entry.answer, ruleVars(config, lang)) : null;
}

function summary(fields: Partial<LeadFields>, config: AgentConfig, t: ReplyTemplates, lang: Lang): string {
  const lines = config.requiredFields
    .filter((f) => f !== 'state' && fields[f] !== undefined && fields[f] !== null)
    .map((f) => `• ${t.labels[f]}: ${fieldText(f, fields, t, lang)}`);
  return [t.summaryTitle, ...lines].join('\n');
}

/** The decision message: what was recorded, then the outcome; on QUALIFIED the protocol and the simulation. */
export function decisionMessage(fields: LeadFields, result: Eligibility, protocol: string | null, config: AgentConfig, lang: Lang): string {
  const t = config.templates[lang];
  const rule = config.productRules[fields.product];
  const productName = t.productNames[fields.product];
  const sim = result.simulation;
  const vars: Record<string, string> = {
    firstName: fields.name.split(/\s+/)[0],
    productName,
    summary: summary(fields, config, t, lang),
    protocol: protocol ?? '',
    financed: sim ? money(sim.financed, lang) : '',
    term: String(rule.termMonths),
    rate: percent(rule.annualRate, lang),
    price: sim ? money(sim.priceInstallment, lang) : '',
    sacFirst: sim ? money(sim.sacFirstInstallment, lang) : '',
    sacLast: sim ? money(sim.sacLastInstallment, lang) : '',
    minIncome: money(rule.minIncome, lang),
    minValue: money(rule.minValue, lang),
    maxValue: money(rule.maxValue, lang),
    minDownShare: percent(rule.minDownPaymentShare, lang),
    minDown: money(rule.minDownPaymentShare * fields.value, lang),
    maxShare: percent(rule.maxInstallmentShare, lang),
    maxInstallment: money(rule.maxInstallmentShare * fields.income, lang),
    state: fields.state,
  };
  if (result.outcome === 'QUALIFIED') return fill(t.qualified, vars);
  return fill(t.unqualified, { ...vars, reason: fill(t.reasons[result.reason], vars) });
}
