import type { ProductRule, ProductRules } from '@leadwire/agent-config';
import { normalizeCpf } from '@leadwire/platform/validation';
import type { FinancingSimulation, LeadFields, OutcomeReason } from '../types.ts';
import { monthlyRateOf, sacInstallment, simulateFinancing } from './financing-simulation.ts';

export type EligibilityReason = Extract<
  OutcomeReason,
  'CPF_INVALID' | 'INCOME_BELOW_MINIMUM' | 'VALUE_BELOW_MINIMUM' | 'VALUE_ABOVE_MAXIMUM' | 'DOWN_PAYMENT_TOO_LOW' | 'DOWN_PAYMENT_NOT_BELOW_VALUE' | 'STATE_NOT_SERVED' | 'INSTALLMENT_TOO_HIGH'
>;

export type Eligibility =
  | { outcome: 'QUALIFIED'; score: number; simulation: FinancingSimulation }
  | { outcome: 'UNQUALIFIED'; reason: EligibilityReason; simulation: FinancingSimulation | null };

type Check = [EligibilityReason, (f: LeadFields, r: ProductRule) => boolean];

// In the spec's order: the first that fails is the reason the lead is told.
const CHECKS: Check[] = [
  ['CPF_INVALID', (f) => f.cpf !== null && normalizeCpf(f.cpf) !== null],
  ['INCOME_BELOW_MINIMUM', (f, r) => f.income >= r.minIncome],
  ['VALUE_BELOW_MINIMUM', (f, r) => f.value >= r.minValue],
  ['VALUE_ABOVE_MAXIMUM', (f, r) => f.value <= r.maxValue],
  ['DOWN_PAYMENT_TOO_LOW', (f, r) => f.downPayment >= r.minDownPaymentShare * f.value],
  ['DOWN_PAYMENT_NOT_BELOW_VALUE', (f) => f.downPayment < f.value],
  ['STATE_NOT_SERVED', (f, r) => (r.acceptedStates as string[]).includes(f.state.toUpperCase())],
  // SAC's first installment is the largest of both systems: if it fits, every installment does.
  ['INSTALLMENT_TOO_HIGH', (f, r) => sacInstallment(f.value - f.downPayment, monthlyRateOf(r.annualRate), r.termMonths) <= r.maxInstallmentShare * f.income],
];

export function evaluateEligibility(fields: LeadFields, rules: ProductRules): Eligibility {
  const rule = rules[fields.product];
  const failed = CHECKS.find(([, passes]) => !passes(fields, rule));
  const simulation = fields.downPayment < fields.value ? simulateFinancing(fields.product, fields.value, fields.downPayment, rule) : null;
  if (failed) return { outcome: 'UNQUALIFIED', reason: failed[0], simulation };
  return { outcome: 'QUALIFIED', score: qualificationScore(fields, rule), simulation: simulation! };
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/**
 * 0..100 for a qualified lead: 60% from how far the SAC first installment is
 * below the allowed share of income, 40% from the down payment above the
 * minimum (full marks halfway between the minimum share and the whole value).
 */
export function qualificationScore(fields: LeadFields, rule: ProductRule): number {
  const sacFirst = sacInstallment(fields.value - fields.downPayment, monthlyRateOf(rule.annualRate), rule.termMonths);
  const headroom = clamp01(1 - sacFirst / fields.income / rule.maxInstallmentShare);
  const downShare = fields.downPayment / fields.value;
  const downScore = clamp01(((downShare - rule.minDownPaymentShare) / (1 - rule.minDownPaymentShare)) * 2);
  return Math.round(100 * (0.6 * headroom + 0.4 * downScore));
}
