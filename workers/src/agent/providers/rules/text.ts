// Text helpers shared by the rules readers. Every reader matches on `fold`ed
// text, which keeps the original's length so a match's offsets point at the
// lead's own spelling (accents and case) in the original.

const MARKS = /\p{M}/gu;

/** Lower case without accents, one UTF-16 unit per unit of the input. */
export function fold(text: string): string {
  let out = '';
  for (const c of text) {
    if (c.length !== 1) {
      out += c;
      continue;
    }
    const lower = c.toLowerCase();
    const bare = lower.normalize('NFD').replace(MARKS, '');
    out += bare.length === 1 ? bare : lower.length === 1 ? lower : c;
  }
  return out;
}

/** Accent- and case-insensitive key for table look-ups ("São  Paulo" → "sao paulo"). */
export function keyOf(text: string): string {
  return fold(text).replace(/[^a-z0-9]+/g, ' ').trim();
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regexp matching any of the phrases as whole words, on folded text. */
export function phraseRegExp(phrases: readonly string[], flags = 'g'): RegExp {
  const alternatives = [...phrases].sort((a, b) => b.length - a.length).map((p) => escapeRegExp(fold(p)).replace(/ /g, '\\s+'));
  return new RegExp(`(?<![\\p{L}\\d])(?:${alternatives.join('|')})(?![\\p{L}\\d])`, `${flags}u`);
}

export function hasPhrase(folded: string, re: RegExp): boolean {
  re.lastIndex = 0;
  const found = re.test(folded);
  re.lastIndex = 0;
  return found;
}

export interface Span {
  start: number;
  end: number;
}

/** Replaces the spans with spaces so later readers do not read them again (a CPF is not an amount). */
export function blank(text: string, spans: Span[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

/** "ana paula de souza" → "Ana Paula de Souza"; text with capitals is kept as typed. */
export function titleCase(text: string): string {
  if (text !== text.toLowerCase()) return text;
  return text
    .split(/(\s+)/)
    .map((w) => (/^(da|de|do|das|dos|e)$/.test(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

/** Sentence-ish boundaries: a reader's clue does not reach across them. */
export const BOUNDARY = /[.!?;\n]/;
