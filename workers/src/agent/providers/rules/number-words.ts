// Cardinal numbers below a thousand written as words, in Portuguese and
// English ("trezentos e cinquenta", "twenty-five", "one hundred and twenty"),
// read from a token list of folded words.

const UNITS: Record<string, number> = {
  zero: 0, um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9,
  dez: 10, onze: 11, doze: 12, treze: 13, catorze: 14, quatorze: 14, quinze: 15, dezesseis: 16, dezasseis: 16,
  dezessete: 17, dezoito: 18, dezenove: 19,
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = {
  vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50, cincoenta: 50, sessenta: 60, setenta: 70, oitenta: 80, noventa: 90,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const HUNDREDS: Record<string, number> = {
  cem: 100, cento: 100, duzentos: 200, duzentas: 200, trezentos: 300, trezentas: 300, quatrocentos: 400, quatrocentas: 400,
  quinhentos: 500, quinhentas: 500, seiscentos: 600, seiscentas: 600, setecentos: 700, setecentas: 700,
  oitocentos: 800, oitocentas: 800, novecentos: 900, novecentas: 900,
};
const JOINERS = new Set(['e', 'and', '-']);

export function isNumberWord(word: string): boolean {
  return word in UNITS || word in TENS || word in HUNDREDS || word === 'hundred';
}

/**
 * Reads the longest number below 1000 starting at `tokens[i]`; returns it and
 * the index after it, or null when no number word starts there. A joiner ("e",
 * "and", "-") is consumed only when a number word that fits follows it.
 */
export function readSmallNumber(tokens: readonly string[], i: number): { value: number; next: number } | null {
  let total = 0;
  let used = false;
  let j = i;
  // The place still open: 3 = hundreds, 2 = tens, 1 = units, 0 = nothing more fits.
  let open = 3;
  while (j < tokens.length) {
    let k = j;
    if (used && JOINERS.has(tokens[k])) k++;
    const w = tokens[k];
    if (w === undefined) break;
    if (w === 'a' && !used && tokens[k + 1] === 'hundred') {
      total = 100;
      open = 2;
      used = true;
      j = k + 2;
      continue;
    }
    if (w === 'hundred' && used && open >= 1 && total < 10) {
      total *= 100;
      open = 2;
      j = k + 1;
      continue;
    }
    if (w in HUNDREDS && open === 3) {
      total += HUNDREDS[w];
      open = 2;
    } else if (w in TENS && open >= 2) {
      total += TENS[w];
      open = 1;
    } else if (w in UNITS && open >= 1) {
      // Only "one".."nine" standing first can still take "hundred"; otherwise a unit closes the number.
      open = open === 3 && UNITS[w] < 10 && tokens[k + 1] === 'hundred' ? 1 : 0;
      total += UNITS[w];
    } else break;
    used = true;
    j = k + 1;
  }
  return used ? { value: total, next: j } : null;
}
