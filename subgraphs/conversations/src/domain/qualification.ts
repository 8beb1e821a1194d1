import { zCpf } from '@leadwire/platform';
import { z } from 'zod';
import { ConversationsErrorCode, fail } from '../errors.ts';

export const EMPLOYMENTS = ['EMPLOYED', 'SELF_EMPLOYED', 'PUBLIC_SERVANT', 'BUSINESS_OWNER', 'RETIRED', 'UNEMPLOYED', 'OTHER'] as const;
// prettier-ignore
const UFS = new Set(['AC','AL','AP','AM','BA','CE','DF','ES','GO','MA','MT','MS','MG','PA','PB','PR','PE','PI','RJ','RN','RS','RO','RR','SC','SP','SE','TO']);

const money = z.number().finite().min(0, 'must be 0 or more').max(1_000_000_000_000, 'is too large');

/**
 * The answers the agent collects. Every field is optional: an omitted field
 * keeps its stored answer, an explicit null clears it.
 */
export const qualificationInputSchema = z.object({
  fullName: z.string().trim().min(1, 'is required').max(120).nullish(),
  cpf: zCpf.nullish(),
  monthlyIncome: money.nullish(),
  assetValue: money.nullish(),
  downPayment: money.nullish(),
  city: z.string().trim().min(1, 'is required').max(80).nullish(),
  productInterest: z.enum(['REAL_ESTATE', 'VEHICLE', 'OTHER']).nullish(),
  state: z
    .string()
    .trim()
    .toUpperCase()
    .refine((uf) => UFS.has(uf), 'is not a Brazilian state (UF)')
    .nullish(),
  employment: z.enum(EMPLOYMENTS).nullish(),
  timeframeMonths: z.number().int().min(0, 'must be 0 or more').max(120, 'must be at most 120').nullish(),
});

export type QualificationInput = z.infer<typeof qualificationInputSchema>;

export interface Qualification {
  fullName?: string;
  cpf?: string;
  monthlyIncome?: number;
  assetValue?: number;
  downPayment?: number;
  city?: string;
  productInterest?: 'REAL_ESTATE' | 'VEHICLE' | 'OTHER';
  state?: string;
  employment?: (typeof EMPLOYMENTS)[number];
  timeframeMonths?: number;
}

const KEYS = ['fullName', 'cpf', 'monthlyIncome', 'assetValue', 'downPayment', 'city', 'productInterest', 'state', 'employment', 'timeframeMonths'] as const;
const NUMERIC = new Set<string>(['monthlyIncome', 'assetValue', 'downPayment', 'timeframeMonths']);

/** Reads the stored JSON defensively: only known keys with the right type survive. */
export function readQualification(stored: unknown): Qualification {
  const source = stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = source[key];
    if (NUMERIC.has(key) ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string') out[key] = value;
  }
  return out as Qualification;
}

/**
 * Merges new answers into the stored ones and checks what only the merged
 * answers can tell: the down payment cannot exceed the asset's value. Throws
 * BAD_USER_INPUT before anything is written.
 */
export function mergeQualification(stored: unknown, input: QualificationInput) {
  const merged: Record<string, unknown> = { ...readQualification(stored) };
  const changed: string[] = [];
  for (const key of KEYS) {
    const value = input[key];
    if (value === undefined) continue;
    if (value === null) delete merged[key];
    else merged[key] = value;
    changed.push(key);
  }
  const result = merged as Qualification;
  if (result.downPayment !== undefined && result.assetValue !== undefined && result.downPayment > result.assetValue) {
    const field = input.downPayment != null || input.assetValue == null ? 'input.downPayment' : 'input.assetValue';
    fail(ConversationsErrorCode.DOWN_PAYMENT_EXCEEDS_ASSET_VALUE, `${field}: the down payment exceeds the asset value`, {
      field,
    });
  }
  return { qualification: result, changed };
}
