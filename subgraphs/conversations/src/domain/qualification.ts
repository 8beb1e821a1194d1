import { zCpf } from '@leadwire/platform';
import { z } from 'zod';
import { ConversationsErrorCode, fail } from '../errors.ts';

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
}

const KEYS = ['fullName', 'cpf', 'monthlyIncome', 'assetValue', 'downPayment', 'city', 'productInterest'] as const;

/** Reads the stored JSON defensively: only known keys with the right type survive. */
export function readQualification(stored: unknown): Qualification {
  const source = stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = source[key];
    const numeric = key === 'monthlyIncome' || key === 'assetValue' || key === 'downPayment';
    if (numeric ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string') out[key] = value;
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
