import { describe, expect, it } from 'vitest';
import { DEFAULT_PRODUCT_RULES, type ProductRules } from '@leadwire/agent-config';
import type { LeadFields } from '../types.ts';
import { evaluateEligibility, qualificationScore } from './eligibility.ts';

// Qualifies: SAC first installment 2 378.05 is 15.9% of 15 000.
const base: LeadFields = {
  name: 'Ana Paula Souza', cpf: '39053344705', income: 15_000, product: 'REAL_ESTATE', value: 300_000, downPayment: 100_000,
  city: 'Campinas', state: 'SP', employment: 'EMPLOYED', timeframeMonths: 0,
};
const evaluate = (over: Partial<LeadFields>, rules: ProductRules = DEFAULT_PRODUCT_RULES) => evaluateEligibility({ ...base, ...over }, rules);

describe('evaluateEligibility', () => {
  it('qualifies a lead that meets every rule, with a score and the simulation', () => {
    const result = evaluate({});
    expect(result.outcome).toBe('QUALIFIED');
    if (result.outcome !== 'QUALIFIED') return;
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThanOrEqual(100);
    expect(result.simulation).toMatchObject({ financed: 200_000, sacFirstInstallment: 2378.05 });
  });

  it.each<[string, Partial<LeadFields>]>([
    ['CPF_INVALID', { cpf: '39053344706' }],
    ['CPF_INVALID', { cpf: null }],
    ['INCOME_BELOW_MINIMUM', { income: 2400 }],
    ['VALUE_BELOW_MINIMUM', { value: 85_000, downPayment: 20_000 }],
    ['VALUE_ABOVE_MAXIMUM', { value: 6_000_000, downPayment: 2_000_000, income: 500_000 }],
    ['DOWN_PAYMENT_TOO_LOW', { downPayment: 59_999 }],
    ['DOWN_PAYMENT_NOT_BELOW_VALUE', { downPayment: 300_000 }],
    ['STATE_NOT_SERVED', { state: 'BA' }],
    ['INSTALLMENT_TOO_HIGH', { income: 7_900 }],
  ])('refuses with %s as the first failing rule', (reason, over) => {
    expect(evaluate(over)).toMatchObject({ outcome: 'UNQUALIFIED', reason });
  });

  it('reports the first failing rule in the spec’s order when several fail', () => {
    expect(evaluate({ income: 2000, state: 'BA', downPayment: 10_000 })).toMatchObject({ reason: 'INCOME_BELOW_MINIMUM' });
    expect(evaluate({ downPayment: 10_000, state: 'BA' })).toMatchObject({ reason: 'DOWN_PAYMENT_TOO_LOW' });
  });

  it('accepts a down payment exactly at the minimum share', () => {
    expect(evaluate({ downPayment: 60_000, income: 20_000 }).outcome).toBe('QUALIFIED');
  });

  it('does not refuse an unemployed lead by rule: income decides', () => {
    expect(evaluate({ employment: 'UNEMPLOYED' }).outcome).toBe('QUALIFIED');
  });

  it('serves vehicles in every state by default, and follows the workspace’s rules', () => {
    expect(evaluate({ product: 'VEHICLE', value: 60_000, downPayment: 10_000, state: 'BA', income: 6000 }).outcome).toBe('QUALIFIED');
    const strict: ProductRules = { ...DEFAULT_PRODUCT_RULES, VEHICLE: { ...DEFAULT_PRODUCT_RULES.VEHICLE, acceptedStates: ['SP'] } };
    expect(evaluate({ product: 'VEHICLE', value: 60_000, downPayment: 10_000, state: 'BA', income: 6000 }, strict)).toMatchObject({ reason: 'STATE_NOT_SERVED' });
  });
});

describe('qualificationScore', () => {
  const rule = DEFAULT_PRODUCT_RULES.REAL_ESTATE;
  it('is deterministic and higher with a lower installment share and a larger down payment', () => {
    const s = qualificationScore(base, rule);
    expect(qualificationScore(base, rule)).toBe(s);
    expect(qualificationScore({ ...base, income: 30_000 }, rule)).toBeGreaterThan(s);
    expect(qualificationScore({ ...base, downPayment: 150_000 }, rule)).toBeGreaterThan(s);
    expect(qualificationScore({ ...base, income: 8_000 }, rule)).toBeLessThan(s);
  });

  it('stays within 0..100', () => {
    expect(qualificationScore({ ...base, income: 10_000_000, downPayment: 299_000 }, rule)).toBe(100);
    expect(qualificationScore({ ...base, income: 7_927, downPayment: 60_000 }, rule)).toBeGreaterThanOrEqual(0);
  });
});
