import { COMMON_WORDS, NAME_CONNECTORS } from './common-words.ts';
import { fold, titleCase, type Span } from './text.ts';

export interface NameReading extends Span {
  name: string;
}

/** Phrases after which what follows is the lead's name, however it is typed. */
const SURE_CUE = /\b(?:meu nome (?:completo )?(?:e|eh)|me chamo|pode me chamar de|nome completo:?|nome:|my (?:full )?name is|my name's|call me|name:)\s*/g;
/** Phrases after which a capitalised word is a name: "sou a Ana", "I'm John". */
const LOOSE_CUE = /\b(?:(?:eu )?sou (?:o |a )?|aqui (?:e|eh) (?:o |a )?|quem fala (?:e|eh) (?:o |a )?|fala (?:o |a )?|i'?m |i am |this is |it'?s )/g;
/** Words that end a name: what comes next is another piece of information. */
const STOP = new Set([
  'moro', 'mora', 'tenho', 'ganho', 'quero', 'queria', 'sou', 'trabalho', 'estou', 'to', 'tô', 'vivo', 'resido', 'gostaria', 'preciso', 'e', 'and',
  'i', 'from', 'live', 'work', 'earn', 'want', 'have', 'looking', 'cpf', 'meu', 'minha', 'my', 'aqui', 'here', 'com', 'with',
]);

/** Where a name's clause ends; a dot after a single letter is an initial ("J. R. Smith"), not an end. */
const CLAUSE_END = /[,;!?()\n:/]|\s-\s|(?<!(?:^|\s)\p{L})\.(?=\s|$)/u;

const isWord = (w: string) => /^[\p{L}][\p{L}'’.-]*$/u.test(w);
const capitalised = (w: string) => /^\p{Lu}/u.test(w);

/** Reads the words of a name starting at `start`; stops at punctuation, a stop word or a lower-case word in typed-with-capitals text. */
function readName(original: string, start: number, sure: boolean): NameReading | null {
  const rest = original.slice(start);
  const clause = rest.split(CLAUSE_END)[0];
  const words = clause.split(/\s+/).filter(Boolean);
  const typedInCapitals = original !== original.toLowerCase();
  const taken: string[] = [];
  for (const w of words) {
    const f = fold(w);
    if (!isWord(w) || taken.length === 6) break;
    if (taken.length && STOP.has(f)) break;
    if (NAME_CONNECTORS.has(f) && f !== 'e') {
      if (!taken.length) break;
      taken.push(w);
      continue;
    }
    // Typed with capitals, a name is its capitalised words; typed all in lower case (or after "my name is"), it ends at an everyday word.
    if (typedInCapitals && !sure && !capitalised(w)) break;
    if ((!typedInCapitals || sure) && taken.length && COMMON_WORDS.has(f) && !capitalised(w)) break;
    taken.push(w);
  }
  while (taken.length && NAME_CONNECTORS.has(fold(taken[taken.length - 1]))) taken.pop();
  if (!taken.length || !looksLikeName(taken, sure)) return null;
  const name = taken.join(' ');
  const at = start + rest.indexOf(taken[0]);
  return { name: titleCase(name), start: at, end: start + rest.indexOf(taken[taken.length - 1]) + taken[taken.length - 1].length };
}

/** A word that can be part of a name: has a vowel, no letter three times running ("kkkkk", "hahaha" and "rsrs" are not names). */
const nameShaped = (w: string) => {
  const f = fold(w);
  return /[aeiouy]/.test(f) && !/(.)\1\1/.test(f) && !/^(?:ha|he|hi|rs|ks|hu)+[ah]?$/.test(f);
};

function looksLikeName(words: string[], sure: boolean): boolean {
  const content = words.filter((w) => !NAME_CONNECTORS.has(fold(w)));
  const initial = (w: string) => /^\p{L}\.?$/u.test(w);
  if (!content.some((w) => !initial(w)) || !content.every((w) => initial(w) || nameShaped(w))) return false;
  if (sure) return !COMMON_WORDS.has(fold(content[0])) || content.length > 1;
  // Capitalised, a surname may be an everyday word ("Wellington Dias", "Ana Costa"); the first name may not ("Bom Dia").
  if (content.length > 1 && content.every(capitalised)) return !COMMON_WORDS.has(fold(content[0]));
  return content.every((w) => !COMMON_WORDS.has(fold(w)));
}

export interface NameContext {
  expectingName: boolean;
  /** The lead has no name recorded yet: a name-like answer out of turn is still a name. */
  nameMissing: boolean;
}

/**
 * The lead's name: after "meu nome é" / "me chamo" / "my name is" (any case),
 * after "sou a" / "I'm" when capitalised, or the whole answer to the name
 * question ("Ana Paula Souza", "é Ana"). `text` should have places blanked.
 */
export function findName(text: string, ctx: NameContext): NameReading | null {
  const folded = fold(text);
  for (const m of folded.matchAll(SURE_CUE)) {
    const found = readName(text, m.index! + m[0].length, true);
    if (found) return found;
  }
  for (const m of folded.matchAll(LOOSE_CUE)) {
    const at = m.index! + m[0].length;
    const first = text.slice(at).split(/\s+/)[0] ?? '';
    if (!capitalised(first) && !ctx.expectingName) continue;
    const found = readName(text, at, false);
    if (found) return found;
  }
  // A bare answer: the whole message, or its first clause that reads as a name ("Claro, Fernanda Lima").
  const clauses = text.split(CLAUSE_END).map((c) => c.trim()).filter(Boolean);
  if (!clauses.length || (clauses.length > 1 && !ctx.expectingName)) return null;
  for (const clause of clauses.slice(0, 3)) {
    const lead = /^(?:(?:e|é|eh|sou|eu sou|it'?s|i'?m)\s+)?(?:(?:o|a)\s+)?/i.exec(clause)![0].length;
    const words = clause.slice(lead).split(/\s+/).filter(Boolean);
    if (!words.length || words.length > 6 || !words.every(isWord)) continue;
    const capitalisedWords = words.filter((w) => !NAME_CONNECTORS.has(fold(w))).every(capitalised);
    if (!ctx.expectingName && !(ctx.nameMissing && words.length >= 2 && capitalisedWords)) continue;
    const found = readName(text, text.indexOf(clause) + lead, false);
    if (found && found.name.split(/\s+/).length === words.length) return found;
  }
  return null;
}
