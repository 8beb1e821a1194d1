import { readSmallNumber } from './number-words.ts';
import { fold, type Span } from './text.ts';

// Amounts as leads write them: "R$ 8.500,00", "8.500", "8 mil", "8k",
// "R$8,5 mil", "1,2 milhão", "1.2 million", "eight thousand", "meio milhão",
// "1 milhão e meio", "5 mil e 500". Always BRL, whatever the currency sign.

export interface AmountMatch extends Span {
  value: number;
  /**
   * Written as money (a currency, a multiplier, thousands separators or four
   * digits or more). A bare "450" is not: it is an amount only as the answer
   * to an amount question.
   */
  explicit: boolean;
}

export interface PercentMatch extends Span {
  /** 0.2 for "20%". */
  share: number;
}

interface Token extends Span {
  t: string;
}

const TOKEN = /r\$|us\$|\$|\d+(?:[.,]\d+)*|[a-z]+|[^\sa-z\d]/g;
const CURRENCY_BEFORE = new Set(['r$', 'us$', '$', 'brl']);
const CURRENCY_AFTER = new Set(['reais', 'real', 'brl', 'conto', 'contos', 'pila', 'pilas', 'dolares', 'dollars', 'bucks']);
const MULTIPLIERS: Record<string, number> = {
  mil: 1e3, k: 1e3, thousand: 1e3, thousands: 1e3, grand: 1e3,
  milhao: 1e6, milhoes: 1e6, mi: 1e6, million: 1e6, millions: 1e6, m: 1e6,
};
/** A plain number followed by one of these counts something else: months, rooms, instalments. */
const COUNT_UNITS = new Set([
  'mes', 'meses', 'ano', 'anos', 'dia', 'dias', 'semana', 'semanas', 'month', 'months', 'year', 'years', 'day', 'days', 'week', 'weeks',
  'x', 'vezes', 'parcela', 'parcelas', 'prestacoes', 'installments', 'quarto', 'quartos', 'bedroom', 'bedrooms', 'vaga', 'vagas',
  'h', 'hs', 'hora', 'horas', 'min', 'filho', 'filhos', 'pessoas', 'people', 'kids', 'anos',
]);
/** Whatever the number, these make it a measure, not money: "50 mil km", "20%". */
const MEASURE_UNITS = new Set(['m', 'km', 'kms', 'quilometros', 'metros', 'm2', 'm²', '%', 'percent', 'porcento']);
const YEAR_CONTEXT = new Set(['em', 'de', 'ate', 'ano', 'desde', 'modelo', 'carro', 'moto', 'in', 'by', 'until', 'since', 'model', 'year', 'car']);

function tokenize(folded: string): Token[] {
  return Array.from(folded.matchAll(TOKEN), (m) => ({ t: m[0], start: m.index, end: m.index + m[0].length }));
}

/**
 * Digits with separators. Both "." and ",": the last one is the decimal mark.
 * One kind used several times: thousands. Used once: thousands when three
 * digits follow and no multiplier does ("8.500", "300,000"), else decimals
 * ("1,2 milhão", "8.5k").
 */
export function parseDigits(s: string, beforeMultiplier: boolean): { value: number; grouped: boolean } | null {
  const dots = s.split('.').length - 1;
  const commas = s.split(',').length - 1;
  if (dots && commas) {
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    return { value: Number(s.split(thousands).join('').replace(decimal, '.')), grouped: true };
  }
  if (!dots && !commas) return { value: Number(s), grouped: false };
  const sep = dots ? '.' : ',';
  const parts = s.split(sep);
  if (parts.length > 2) return parts.slice(1).every((p) => p.length === 3) ? { value: Number(parts.join('')), grouped: true } : null;
  if (parts[1].length === 3 && !beforeMultiplier) return { value: Number(parts.join('')), grouped: true };
  return { value: Number(`${parts[0]}.${parts[1]}`), grouped: false };
}

interface Term {
  value: number;
  next: number;
  multiplier: number;
  grouped: boolean;
  digits: boolean;
}

function multiplierAt(tokens: Token[], k: number): number {
  const tok = tokens[k];
  if (!tok || !(tok.t in MULTIPLIERS)) return 0;
  if (tok.t === 'm') {
    // "1.2m" yes; "60 m" or "60m2" (square metres) no.
    const adjacent = tokens[k - 1]?.end === tok.start;
    const after = tokens[k + 1];
    if (!adjacent || (after && after.start === tok.end && /^(2|²)/.test(after.t))) return 0;
  }
  return MULTIPLIERS[tok.t];
}

function readTerm(tokens: Token[], j: number): Term | null {
  const t = (k: number) => tokens[k]?.t;
  if (t(j) === 'meio' && (t(j + 1) === 'milhao' || t(j + 1) === 'mi')) return { value: 5e5, next: j + 2, multiplier: 1e6, grouped: false, digits: false };
  if (t(j) === 'half' && t(j + 1) === 'a' && t(j + 2) === 'million') return { value: 5e5, next: j + 3, multiplier: 1e6, grouped: false, digits: false };
  if (t(j) === 'mil') return { value: 1e3, next: j + 1, multiplier: 1e3, grouped: false, digits: false };
  if (t(j) === 'a' && (t(j + 1) === 'million' || t(j + 1) === 'thousand')) {
    const m = MULTIPLIERS[t(j + 1)!];
    return { value: m, next: j + 2, multiplier: m, grouped: false, digits: false };
  }
  let base: number;
  let next: number;
  let grouped = false;
  let digits = false;
  const tok = tokens[j];
  if (!tok) return null;
  if (/^\d/.test(tok.t)) {
    const parsed = parseDigits(tok.t, multiplierAt(tokens, j + 1) > 0);
    if (!parsed || !Number.isFinite(parsed.value)) return null;
    ({ value: base, grouped } = parsed);
    next = j + 1;
    digits = true;
  } else {
    const words = readSmallNumber(tokens.map((x) => x.t), j);
    if (!words) return null;
    ({ value: base, next } = words);
  }
  const multiplier = multiplierAt(tokens, next);
  return multiplier ? { value: base * multiplier, next: next + 1, multiplier, grouped, digits } : { value: base, next, multiplier: 0, grouped, digits };
}

/** Finds every amount in `text` (which the caller may have blanked, e.g. a CPF). */
export function findAmounts(text: string): AmountMatch[] {
  const folded = fold(text);
  const tokens = tokenize(folded);
  const t = (k: number) => tokens[k]?.t;
  const found: AmountMatch[] = [];
  for (let i = 0; i < tokens.length; ) {
    let j = i;
    const currencyBefore = CURRENCY_BEFORE.has(t(j)!);
    if (currencyBefore) j++;
    const first = readTerm(tokens, j);
    if (!first) {
      i++;
      continue;
    }
    let { value, next, multiplier } = first;
    // "entre 8 e 10 mil", "8 a 10k": the lower bound, with the multiplier the range shares.
    if (first.digits && !multiplier && ['e', 'a', 'ou', '-', 'to', 'or'].includes(t(next) ?? '')) {
      const upper = readTerm(tokens, next + 1);
      if (upper?.multiplier && upper.value / upper.multiplier > value) {
        value *= upper.multiplier;
        multiplier = upper.multiplier;
        next = upper.next;
      }
    }
    if (multiplier === 1e6 && (t(next) === 'e' || t(next) === 'and') && (t(next + 1) === 'meio' || (t(next + 1) === 'a' && t(next + 2) === 'half'))) {
      value += 5e5;
      next += t(next + 1) === 'meio' ? 2 : 3;
    }
    // "1 milhão e 200 mil", "5 mil e 500", "eight thousand five hundred": smaller parts add up.
    while (multiplier >= 1e3) {
      const k = t(next) === 'e' || t(next) === 'and' ? next + 1 : next;
      const more = readTerm(tokens, k);
      if (!more || more.value >= multiplier || more.multiplier >= multiplier) break;
      value += more.value;
      next = more.next;
      multiplier = more.multiplier;
    }
    const currencyAfter = CURRENCY_AFTER.has(t(next)!);
    const start = tokens[i].start;
    const end = tokens[(currencyAfter ? next + 1 : next) - 1].end;
    const hasMultiplier = first.multiplier > 0 || value !== first.value;
    const isPlainDigits = first.digits && !hasMultiplier && !first.grouped;
    const partOfCode = isPlainDigits && (/^[-/]\d/.test(folded.slice(tokens[next - 1].end, tokens[next - 1].end + 2)) || /\d[-/]$/.test(folded.slice(Math.max(0, start - 2), start)));
    const yearLike = isPlainDigits && /^(19|20)\d\d$/.test(tokens[j].t) && YEAR_CONTEXT.has(t(i - 1) ?? '');
    const currency = currencyBefore || currencyAfter;
    const after = t(next) ?? '';
    const unit = !currencyAfter && (MEASURE_UNITS.has(after) || (after === 'por' && t(next + 1) === 'cento') || (isPlainDigits && !currency && COUNT_UNITS.has(after)));
    if (unit || partOfCode || yearLike || (!first.digits && !hasMultiplier && !currency) || value <= 0) {
      i = Math.max(i + 1, next);
      continue;
    }
    const explicit = currency || hasMultiplier || first.grouped || (isPlainDigits && value >= 1000 && tokens[j].t.length <= 9);
    found.push({ value: Math.round(value * 100) / 100, start, end, explicit });
    i = currencyAfter ? next + 1 : next;
  }
  return found;
}

const PERCENT = /(?<![\d.,])(\d{1,2}(?:[.,]\d+)?)\s*(?:%|por\s*cento|percent\b)/g;

export function findPercents(text: string): PercentMatch[] {
  return Array.from(fold(text).matchAll(PERCENT), (m) => ({
    share: Number(m[1].replace(',', '.')) / 100,
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** The single amount a short answer states ("12 mil", "R$ 450.000"), explicit or not. */
export function parseAmount(text: string): number | null {
  const found = findAmounts(text);
  return found.length === 1 ? found[0].value : null;
}
