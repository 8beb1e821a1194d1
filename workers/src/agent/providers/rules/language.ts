import type { Lang } from '../../types.ts';
import { fold } from './text.ts';

// Words frequent in one language and rare in the other. Shared words ("a",
// "no", "me", "do", "ok") and names are left out so they decide nothing.
const PT = new Set(`e nao sim quero queria meu minha eu voce vc de da das dos que com para pra um uma em na nas pelo pela oi ola obrigado obrigada
tenho ganho moro sou mil renda entrada casa carro apartamento imovel cidade nome por mes meses ano agora tudo bem bom boa dia tarde noite qual quais
como quanto quanta posso pode isso esse essa este esta aqui trabalho salario financiar financiamento comprar valor gostaria preciso tambem mais muito
seu sua estou ainda vou minha nosso desempregado aposentado autonomo empresa servidor publico prazo juros taxa documentos obrigado tchau pare sair
ja entao porque qualquer alguem atendente pessoa golpe pessimo antes depois semana proximo vem fgts parcela`.split(/\s+/));
const EN = new Set(`the i i'm im my is are am was want to and of for in with hello hi hey thanks thank you yes please buy car house home apartment live
earn make month months year years thousand name what how can need have down payment income work job not don't dont stop it this that would like
looking from at about around self employed retired unemployed rate interest documents loan mortgage per salary worth value city state price
be will get just also much more here there now next soon asap where which when who why does did call person human talk speak`.split(/\s+/));

/** The message's language, or null when nothing in it tells ("12 mil", "ok", a name). */
export function detectLanguage(text: string): Lang | null {
  const folded = fold(text);
  let pt = 0;
  let en = /\b(?:i'm|don't|can't|it's|what's|i've|i'd)\b/i.test(text) ? 2 : 0;
  for (const w of folded.match(/[a-z']+/g) ?? []) {
    if (PT.has(w)) pt++;
    if (EN.has(w)) en++;
  }
  // Accents tip the balance only alongside Portuguese words: names and cities ("Fábio", "Goiânia") carry them in any language.
  if (pt > 0 && /[ãõçâêôáéíóú]/i.test(text)) pt++;
  if (pt === en) return null;
  return pt > en ? 'pt' : 'en';
}
