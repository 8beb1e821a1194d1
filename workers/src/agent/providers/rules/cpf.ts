import { normalizeCpf } from '@leadwire/platform/validation';
import { fold, type Span } from './text.ts';

export interface CpfReading extends Span {
  /** Digits of a valid CPF, or null when the lead gave one that is not valid. */
  cpf: string | null;
}

const SHAPED = /(?<![\d.\-])(\d{3})([.\s]?)(\d{3})\2(\d{3})[-.\s]?(\d{2})(?![\d])/g;
const AFTER_CUE = /\bcpf\b[^\d]{0,20}?([\d][\d.\-\s/]{4,22}\d)/g;
const DIGIT_RUN = /\d[\d.\-\s/]*\d/g;

const digitsOf = (s: string) => s.replace(/\D/g, '');

/**
 * A CPF in the message, punctuated or not. A number is read as an attempt at a
 * CPF when it is shaped like one (###.###.###-##), follows the word "CPF", or
 * answers the CPF question; eleven loose digits that fail the check are more
 * likely a phone number and are left alone.
 */
export function findCpf(text: string, expectingCpf: boolean): CpfReading | null {
  const folded = fold(text);
  const attempts: Array<CpfReading & { sure: boolean }> = [];
  for (const m of folded.matchAll(AFTER_CUE)) {
    const start = m.index + m[0].length - m[1].length;
    attempts.push({ cpf: normalizeCpf(digitsOf(m[1])), start, end: start + m[1].length, sure: true });
  }
  for (const m of folded.matchAll(SHAPED)) {
    const punctuated = /[.\-]/.test(m[0]);
    attempts.push({ cpf: normalizeCpf(digitsOf(m[0])), start: m.index, end: m.index + m[0].length, sure: punctuated || expectingCpf });
  }
  if (expectingCpf) {
    for (const m of folded.matchAll(DIGIT_RUN)) {
      const n = digitsOf(m[0]).length;
      // Money is not a CPF attempt: "8.500" or "R$ 12.000,00" have too few digits.
      if (n >= 8 && n <= 14) attempts.push({ cpf: normalizeCpf(digitsOf(m[0])), start: m.index, end: m.index + m[0].length, sure: true });
    }
  }
  const valid = attempts.find((a) => a.cpf !== null);
  if (valid) return { cpf: valid.cpf, start: valid.start, end: valid.end };
  const invalid = attempts.find((a) => a.sure);
  return invalid ? { cpf: null, start: invalid.start, end: invalid.end } : null;
}
