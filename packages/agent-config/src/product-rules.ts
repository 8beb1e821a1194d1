import { z } from 'zod';

/** The 27 federative units (26 states and the Federal District). */
export const UFS = ['AC', 'AL', 'AP', 'AM', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MT', 'MS', 'MG', 'PA', 'PB', 'PR', 'PE', 'PI', 'RJ', 'RN', 'RS', 'RO', 'RR', 'SC', 'SP', 'SE', 'TO'] as const;
export type Uf = (typeof UFS)[number];

const zMoney = z.number().finite().nonnegative();

// Product rules are a workspace's settings (data, not code): validated here so
// a bad settings JSON is refused with the path of the bad value.
export const zProductRule = z
  .object({
    /** 0.115 = 11.5% a year. */
    annualRate: z.number().finite().min(0).max(2),
    termMonths: z.number().int().min(1).max(600),
    minIncome: zMoney,
    minValue: zMoney,
    maxValue: zMoney,
    minDownPaymentShare: z.number().min(0).max(1),
    maxInstallmentShare: z.number().gt(0).max(1),
    acceptedStates: z.array(z.enum(UFS)).min(1),
  })
  .refine((r) => r.maxValue >= r.minValue, { message: 'maxValue must be at least minValue', path: ['maxValue'] });
export type ProductRule = z.infer<typeof zProductRule>;

export const zProductRules = z.object({ REAL_ESTATE: zProductRule, VEHICLE: zProductRule });
export type ProductRules = z.infer<typeof zProductRules>;

export const DEFAULT_PRODUCT_RULES: ProductRules = {
  REAL_ESTATE: {
    annualRate: 0.115,
    termMonths: 360,
    minIncome: 2500,
    minValue: 100_000,
    maxValue: 5_000_000,
    minDownPaymentShare: 0.2,
    maxInstallmentShare: 0.3,
    acceptedStates: ['SP', 'RJ', 'MG', 'ES', 'PR', 'SC', 'RS', 'DF', 'GO'],
  },
  VEHICLE: {
    annualRate: 0.21,
    termMonths: 60,
    minIncome: 1800,
    minValue: 20_000,
    maxValue: 500_000,
    minDownPaymentShare: 0.1,
    maxInstallmentShare: 0.3,
    acceptedStates: [...UFS],
  },
};
