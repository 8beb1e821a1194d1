import { UFS, type Uf } from '@leadwire/agent-config';
import { CITY_UF, STATE_NAMES } from './br-places.ts';
import { COMMON_WORDS } from './common-words.ts';
import { fold, keyOf, phraseRegExp, titleCase, type Span } from './text.ts';

export interface PlaceReading {
  city?: string;
  state?: string;
  spans: Span[];
}

export interface PlaceContext {
  /** The agent asked for the city (or city and state) or for the state. */
  expecting: 'city' | 'state' | null;
}

const ALIASES: Record<string, string> = { rio: 'Rio de Janeiro', bh: 'Belo Horizonte', sampa: 'São Paulo', floripa: 'Florianópolis', poa: 'Porto Alegre' };
const CITY_BY_KEY = new Map<string, string>([...Object.keys(CITY_UF).map((c) => [keyOf(c), c] as const), ...Object.entries(ALIASES)]);
const STATE_BY_KEY = new Map<string, Uf>(Object.entries(STATE_NAMES).flatMap(([uf, names]) => names.map((n) => [keyOf(n), uf as Uf] as const)));
const UF_SET = new Set<string>(UFS);
/** Lower-case UFs that are also everyday words ("to", "se", "pe") count only right after a city. */
const SAFE_LOWER_UFS = new Set(['sp', 'rj', 'mg', 'df', 'rs', 'sc', 'pr', 'ba', 'mt', 'ms', 'pb', 'rn', 'ro', 'rr']);

const CITY_RE = phraseRegExp([...Object.keys(CITY_UF), ...Object.keys(ALIASES)]);
const STATE_RE = phraseRegExp(Object.values(STATE_NAMES).flat());
const UF_RE = /(?<![\p{L}\d])([a-z]{2})(?![\p{L}\d])/gu;

/** Words right before a place that say it is where the lead lives or buys. */
const STRONG_CUE = /(?:\b(?:moro|mora|moramos|resido|reside|vivo|vive|sou|somos|venho|estou|fico|live|living|based|located|i'm|im|am)\s+(?:em|no|na|de|do|da|in|at|from|aqui em)?|\b(?:cidade|city|from|regiao de|interior de|perto de|near)\b)\s*(?:de|do|da|e|is|:)?\s*$/;
const WEAK_CUE = /\b(?:em|no|na|de|do|da|in|at|para|pra|to)\s*$/;
const STATE_CUE = /\b(?:estado|state|interior)\s+(?:de|do|da|of)?\s*$/;
/** Where a free-text city name stops. */
const CITY_STOP = /^(?:e|and|mas|but|com|with|ganho|tenho|quero|trabalho|sou|i|meu|minha|my|ha|faz|desde|since|perto|near|onde|where|que|there|here|aqui|agora|now|hoje)$/;

function ufAt(original: string, m: RegExpMatchArray, afterSeparator: boolean): Uf | null {
  const code = m[1].toUpperCase();
  if (!UF_SET.has(code)) return null;
  const typed = original.slice(m.index!, m.index! + 2);
  if (typed === typed.toUpperCase() || afterSeparator || SAFE_LOWER_UFS.has(m[1])) return code as Uf;
  return null;
}

function cityOf(candidate: string): { city: string; uf?: Uf } | null {
  const words = candidate.trim().split(/\s+/).filter(Boolean);
  if (!words.length || words.length > 5 || !words.every((w) => /^[\p{L}'’-]+$/u.test(w))) return null;
  const known = CITY_BY_KEY.get(keyOf(candidate));
  if (known) return { city: known, uf: CITY_UF[known] };
  if (UF_SET.has(candidate.trim().toUpperCase()) || STATE_BY_KEY.has(keyOf(candidate))) return null;
  if (COMMON_WORDS.has(fold(words[0])) || words.every((w) => COMMON_WORDS.has(fold(w)))) return null;
  return { city: titleCase(words.join(' ')) };
}

/** The words before `end` back to a cue or punctuation: "moro em Juiz de Fora" → "Juiz de Fora". */
function cityBefore(original: string, end: number): { city: string; uf?: Uf; start: number } | null {
  const before = original.slice(0, end);
  const clause = before.split(/[,.;!?()\n:]/).pop()!;
  const words = clause.split(/\s+/).filter(Boolean);
  let taken: string[] = [];
  for (let k = words.length - 1; k >= 0 && taken.length < 5; k--) {
    const w = fold(words[k]);
    if (/^(em|no|na|moro|mora|resido|vivo|from|in|at|city|cidade|de|sou|é|e|is)$/.test(w) && !(w === 'de' && taken.length && k > 0 && /^\p{Lu}/u.test(words[k - 1]))) break;
    taken = [words[k], ...taken];
  }
  const found = taken.length ? cityOf(taken.join(' ')) : null;
  return found ? { ...found, start: before.lastIndexOf(taken[0]) } : null;
}

/** Free text after a strong cue: "moro em itapetininga e ganho 5 mil" → "itapetininga". */
function cityAfter(original: string, start: number): { city: string; uf?: Uf; end: number } | null {
  const rest = original.slice(start).split(/[,.;!?()\n/]/)[0];
  const words = rest.split(/\s+/).filter(Boolean);
  const taken: string[] = [];
  for (const w of words) {
    if (CITY_STOP.test(fold(w)) || /\d/.test(w) || taken.length === 5) break;
    taken.push(w);
  }
  while (taken.length && /^(de|do|da|dos|das)$/.test(fold(taken[taken.length - 1]))) taken.pop();
  const found = taken.length ? cityOf(taken.join(' ')) : null;
  return found ? { ...found, end: start + rest.indexOf(taken[taken.length - 1]) + taken[taken.length - 1].length } : null;
}

export function findPlace(original: string, ctx: PlaceContext): PlaceReading {
  const folded = fold(original);
  const out: PlaceReading = { spans: [] };
  const bare = original.replace(/^\s*(?:(?:eu\s+)?moro\s+(?:em|no|na)|sou\s+(?:de|do|da)|em|no|na|i\s+live\s+in|in|from)\s+/i, '').replace(/[\s.!]+$/, '');
  const setCity = (city: string, uf: Uf | undefined, span: Span) => {
    if (out.city) return;
    out.city = city;
    if (uf && !out.state) out.state = uf;
    out.spans.push(span);
  };

  // "Campinas - SP", "Curitiba/PR", "Belo Horizonte, MG", "Campinas, São Paulo".
  const suffixes: Array<{ uf: Uf; start: number; end: number }> = [];
  for (const m of folded.matchAll(UF_RE)) {
    const sep = /\s*([-/,(]|\s)\s*$/.exec(folded.slice(0, m.index));
    const uf = ufAt(original, m, !!sep && /[-/,(]/.test(sep[1]));
    if (uf) suffixes.push({ uf, start: m.index!, end: m.index! + 2 });
  }
  for (const m of folded.matchAll(STATE_RE)) suffixes.push({ uf: STATE_BY_KEY.get(keyOf(m[0]))!, start: m.index!, end: m.index! + m[0].length });
  suffixes.sort((a, b) => a.start - b.start);
  for (const s of suffixes) {
    const sep = /\s*[-/,(]\s*$|\s+$/.exec(original.slice(0, s.start));
    if (!sep || out.city) continue;
    const city = cityBefore(original, sep.index);
    if (!city || keyOf(city.city) === keyOf(original.slice(s.start, s.end))) continue;
    out.state = s.uf;
    setCity(city.city, undefined, { start: city.start, end: s.end });
  }

  // A known city, with something that says it is a place (or as the answer to the city question).
  for (const m of folded.matchAll(CITY_RE)) {
    const before = folded.slice(0, m.index);
    const name = CITY_BY_KEY.get(keyOf(m[0]))!;
    const cued = STRONG_CUE.test(before) || WEAK_CUE.test(before) || keyOf(bare) === keyOf(m[0]);
    if (STATE_CUE.test(before) && STATE_BY_KEY.has(keyOf(m[0]))) continue;
    if (!cued && !ctx.expecting) continue;
    if (ctx.expecting === 'state' && keyOf(bare) === keyOf(m[0]) && STATE_BY_KEY.has(keyOf(m[0]))) continue;
    setCity(name, CITY_UF[name], { start: m.index!, end: m.index! + m[0].length });
  }

  // A state on its own: "moro em Minas", "estado de São Paulo", "SP" as the answer.
  if (!out.state) {
    for (const s of suffixes) {
      const before = folded.slice(0, s.start);
      const isBare = keyOf(bare) === keyOf(original.slice(s.start, s.end));
      if (STRONG_CUE.test(before) || WEAK_CUE.test(before) || STATE_CUE.test(before) || isBare || (ctx.expecting && /^\s*$/.test(before))) {
        out.state = s.uf;
        out.spans.push({ start: s.start, end: s.end });
        break;
      }
    }
  }

  // An unknown city after "moro em" / "I live in", or as the bare answer to the city question.
  if (!out.city) {
    const cue = /(?:\b(?:moro|mora|resido|vivo|live|living|based)\s+(?:em|no|na|in)|\bsou\s+(?:de|do|da)|\bi'?m\s+from|\bfrom|\bcidade(?:\s+(?:de|e|é))?:?)\s+/g;
    for (const m of folded.matchAll(cue)) {
      const city = cityAfter(original, m.index! + m[0].length);
      if (city && !STATE_BY_KEY.has(keyOf(city.city))) {
        setCity(city.city, city.uf, { start: m.index! + m[0].length, end: city.end });
        break;
      }
    }
    if (!out.city && ctx.expecting === 'city' && !STATE_BY_KEY.has(keyOf(bare)) && !UF_SET.has(bare.toUpperCase())) {
      const city = cityOf(bare.split(/[,/-]/)[0]);
      if (city) setCity(city.city, city.uf, { start: 0, end: original.length });
    }
  }
  return out;
}
