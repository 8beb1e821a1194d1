import type { ProductRule } from '@leadwire/agent-config';
import type { FinancingSimulation, Product } from '../types.ts';

/** The monthly rate equivalent to an annual one under compounding: (1 + a)^(1/12) - 1. */
export function monthlyRateOf(annualRate: number): number {
  return (1 + annualRate) ** (1 / 12) - 1;
}

/** Price (French) system: the same installment every month. */
export function priceInstallment(financed: number, monthlyRate: number, termMonths: number): number {
  if (monthlyRate === 0) return financed / termMonths;
  return (financed * monthlyRate) / (1 - (1 + monthlyRate) ** -termMonths);
}

/**
 * SAC: constant amortisation plus interest on the balance, so installment k
 * (1-based) is financed/n + (financed - (k-1)·financed/n)·i; the first is the largest.
 */
export function sacInstallment(financed: number, monthlyRate: number, termMonths: number, k = 1): number {
  const amortisation = financed / termMonths;
  return amortisation + (financed - amortisation * (k - 1)) * monthlyRate;
}

const cents = (n: number) => Math.round(n * 100) / 100;

export function simulateFinancing(product: Product, value: number, downPayment: number, rule: ProductRule): FinancingSimulation {
  const financed = Math.max(0, value - downPayment);
  const i = monthlyRateOf(rule.annualRate);
  const n = rule.termMonths;
  return {
    product,
    annualRate: rule.annualRate,
    monthlyRate: Math.round(i * 1e8) / 1e8,
    termMonths: n,
    financed: cents(financed),
    priceInstallment: cents(priceInstallment(financed, i, n)),
    sacFirstInstallment: cents(sacInstallment(financed, i, n, 1)),
    sacLastInstallment: cents(sacInstallment(financed, i, n, n)),
  };
}
