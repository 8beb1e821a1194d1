import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import { STATE_BY_AREA_CODE } from './br-area-codes.ts';

/** Normalizes to E.164; numbers without a country code are read in `defaultRegion`. */
export function normalizePhone(input: string, defaultRegion: string): string | null {
  const phone = parsePhoneNumberFromString(input, defaultRegion as CountryCode);
  return phone?.isValid() ? phone.number : null;
}

/** "BR-SP" for a São Paulo number; the ISO country elsewhere. */
export function regionOfPhone(e164: string): string | null {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone?.country) return null;
  if (phone.country !== 'BR') return phone.country;
  const state = STATE_BY_AREA_CODE.get(Number(phone.nationalNumber.slice(0, 2)));
  return state ? `BR-${state}` : 'BR';
}

/** CPF: 11 digits, not all equal, both check digits right. Returns digits only. */
export function normalizeCpf(input: string): string | null {
  const digits = input.replace(/[.\-\s]/g, '');
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return null;
  const check = (len: number) => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += Number(digits[i]) * (len + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return check(9) === Number(digits[9]) && check(10) === Number(digits[10]) ? digits : null;
}

export const zPhone = (defaultRegion: string) =>
  z.string().trim().max(32).transform((value, ctx) => {
    const e164 = normalizePhone(value, defaultRegion);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'is not a valid phone number' });
      return z.NEVER;
    }
    return e164;
  });

export const zCpf = z.string().trim().max(20).transform((value, ctx) => {
  const cpf = normalizeCpf(value);
  if (!cpf) {
    ctx.addIssue({ code: 'custom', message: 'is not a valid CPF' });
    return z.NEVER;
  }
  return cpf;
});

export const zEmail = z.string().trim().max(254).toLowerCase().pipe(z.email({ message: 'is not a valid email' }));
export const zName = z.string().trim().min(1, 'is required').max(120);
export const zTags = z.array(z.string().trim().min(1).max(40)).max(20);
export const zNotes = z.string().max(5_000);
