import { readSmallNumber } from './number-words.ts';
import { fold, phraseRegExp, type Span } from './text.ts';

export interface TimeframeReading extends Span {
  months: number;
}

const NOW = phraseRegExp([
  'o quanto antes', 'o mais rapido possivel', 'o mais breve possivel', 'o mais rapido', 'imediatamente', 'de imediato', 'imediato', 'urgente',
  'com urgencia', 'pra ja', 'para ja', 'agora mesmo', 'pra agora', 'para agora', 'quero comprar agora', 'comprar agora', 'este mes', 'esse mes',
  'neste mes', 'nesse mes', 'ainda este mes', 'asap', 'a.s.a.p', 'as soon as possible', 'right away', 'immediately', 'this month', 'buy now', 'right now',
]);
// "em um mês", "in a year" and the like are read as numbers below.
const NEXT_MONTH = phraseRegExp(['mes que vem', 'proximo mes', 'no mes seguinte', 'next month']);
const NEXT_YEAR = phraseRegExp(['ano que vem', 'proximo ano', 'next year', 'within the year']);
const HALF_YEAR = phraseRegExp(['proximo semestre', 'semestre que vem', 'daqui a um semestre', 'em um semestre', 'meio ano', 'half a year', 'next semester']);
/** Only as the answer to the timeframe question: "agora" elsewhere is "currently". */
const NOW_IF_ASKED = phraseRegExp(['agora', 'ja', 'hoje', 'now', 'today', 'ontem']);
const UNIT = /\b(meses|mes|months?|anos?|years?|semanas?|weeks?)\b(\s+(?:e\s+meio|and\s+a\s+half))?/g;
/** Before "N meses" these make it the loan's term or an instalment count, not when the lead buys. */
const TERM_CONTEXT = /(parcel|prazo|financiar em|financiamento em|pagar em|term|over|installment|de|por|durante|for|ha|faz|tenho|trabalho)\s*$/;
const WHEN_CONTEXT = /(em|daqui a|daqui|dentro de|nos proximos|no proximo|in|within|next|uns|umas|about|around|cerca de|uns)\s*$/;

/** The number that ends `before` ("em 6", "daqui a dois", "in twenty-four"): its value and where it starts. */
function numberBefore(before: string): { value: number; start: number } | null {
  const digits = /(\d{1,3})\s*$/.exec(before);
  if (digits) return { value: Number(digits[1]), start: digits.index };
  const words = Array.from(before.matchAll(/[a-z]+|-/g)).slice(-5);
  if (words.length && before.slice(words[words.length - 1].index! + words[words.length - 1][0].length).trim()) return null;
  const tokens = words.map((w) => w[0]);
  for (let i = 0; i < tokens.length; i++) {
    const r = readSmallNumber(tokens, i);
    if (r && r.next === tokens.length) return { value: r.value, start: words[i].index! };
    if (/^(um|uma|a|one)$/.test(tokens[i]) && i === tokens.length - 1) return { value: 1, start: words[i].index! };
  }
  return null;
}

/**
 * When the lead means to buy, in months from now: "agora"/"o quanto antes"/
 * "asap" 0, "mês que vem" 1, "em 6 meses" 6, "ano que vem" 12, "em 2 anos"
 * 24. A bare "6 meses" counts only as the answer to the timeframe question,
 * and "em 360 meses" after "financiar" is the loan's term, not a timeframe.
 */
export function findTimeframe(text: string, expectingTimeframe: boolean): TimeframeReading | null {
  const folded = fold(text);
  const first = (re: RegExp, months: number): TimeframeReading | null => {
    re.lastIndex = 0;
    const m = re.exec(folded);
    re.lastIndex = 0;
    return m ? { months, start: m.index, end: m.index + m[0].length } : null;
  };
  const candidates: TimeframeReading[] = [];
  for (const m of folded.matchAll(UNIT)) {
    const n = numberBefore(folded.slice(0, m.index));
    if (!n) continue;
    const lead = folded.slice(0, n.start);
    if (TERM_CONTEXT.test(lead) && !WHEN_CONTEXT.test(lead)) continue;
    if (!WHEN_CONTEXT.test(lead) && !expectingTimeframe && !/(comprar|buy|purchase|pretendo|planejo|plan)\b/.test(lead)) continue;
    const unit = m[1];
    const half = m[2] ? 0.5 : 0;
    const count = n.value + half;
    const months = Math.round(/^(anos?|years?)$/.test(unit) ? count * 12 : /^(semanas?|weeks?)$/.test(unit) ? count / 4 : count);
    if (months > 120) continue;
    candidates.push({ months, start: n.start, end: m.index! + m[0].length });
  }
  const fixed = [first(NEXT_MONTH, 1), first(NEXT_YEAR, 12), first(HALF_YEAR, 6), first(NOW, 0)].filter((x): x is TimeframeReading => !!x);
  const all = [...fixed, ...candidates].sort((a, b) => a.start - b.start);
  if (all.length) return all[0];
  return expectingTimeframe ? first(NOW_IF_ASKED, 0) : null;
}
