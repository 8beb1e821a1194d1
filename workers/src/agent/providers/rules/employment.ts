import type { Employment } from '../../types.ts';
import { fold, type Span } from './text.ts';

export interface EmploymentReading extends Span {
  employment: Employment;
}

// More specific before more general: "funcionário público" is a public
// servant before "funcionário" is employed; "dona de casa" is OTHER before
// "dona de" is a business owner.
const PATTERNS: Array<[Employment, RegExp]> = [
  ['OTHER', /\b(?:estudante|do lar|dona de casa|dono de casa|estagiari[oa]|bolsista|student|homemaker|housewife|stay[- ]at[- ]home)\b/],
  ['PUBLIC_SERVANT', /\b(?:servidor(?:a)? public[oa]|servidor(?:a)?|funcionari[oa] public[oa]|concursad[oa]|militar|policial|bombeiro|professor(?:a)? da rede (?:publica|estadual|municipal)|trabalho (?:na|no|para a|pro|para o) (?:prefeitura|governo)|public servant|civil servant|government (?:employee|worker)|work for the government|federal employee|state employee)\b/],
  ['RETIRED', /\b(?:aposentad[oa]|aposentadoria|pensionista|retired|retiree|pensioner)\b/],
  ['UNEMPLOYED', /\b(?:desempregad[oa]|sem emprego|sem trabalho|nao (?:estou )?trabalh(?:o|ando)|estou parad[oa]|perdi (?:o|meu) emprego|fui demitid[oa]|unemployed|out of work|not working|between jobs|jobless|lost my job|i don'?t work|looking for (?:a )?job)\b/],
  ['BUSINESS_OWNER', /\b(?:empresari[oa]|empreendedor(?:a)?|tenho (?:uma|minha|um|meu) (?:propria )?(?:empresa|negocio|loja|comercio)|dono (?:de|da|do)|dona (?:de|da|do)|soci[oa] (?:de|da|do)|proprietari[oa] (?:de|da|do)|business owner|own (?:a|my own|my) (?:business|company|shop|store)|run my own (?:business|company)|entrepreneur|company owner)\b/],
  ['SELF_EMPLOYED', /\b(?:autonom[oa]|freelancer|freela|por conta propria|profissional liberal|trabalho por conta|mei|microempreendedor|motorista de (?:aplicativo|app|uber)|uber|bico|bicos|faco bico|informal|self[- ]employed|freelance|contractor|work for myself|my own boss|gig work)\b/],
  ['EMPLOYED', /\b(?:clt|carteira assinada|registrad[oa]|empregad[oa]|assalariad[oa]|funcionari[oa]|tenho emprego|trabalho(?= (?:de|com|como|em|na|no|numa|num) )|trabalho registrado|employed|full[- ]time|part[- ]time|salaried|employee|i have a job|work(?= (?:at|for|as) ))/],
];
/** A match right after these no longer holds: "não sou CLT", "era servidor", "ex-funcionário". */
/** "pro meu trabalho", "no trabalho": the noun, which says nothing about the kind of job. */
const NOUN_BEFORE = /(?:\bmeu|\bo|\bdo|\bno|\bpro|\bpelo|\bum|\bmy|\bat|\bfor|\bafter|\bto)\s*$/;
const NEGATED = /(?:\bnao sou|\bnao|\bera|\bfui|\bex-?|\bnot|\bno longer|\bused to be|\bformer(?:ly)?|\bwas(?: an?)?)\s*$/;

/**
 * The lead's occupation. When several match (`sou CLT e faço freelas`), the
 * more specific category in the order above wins; a negated or past one ("era
 * servidor, agora sou aposentado") is ignored.
 */
export function findEmployment(text: string): EmploymentReading | null {
  const folded = fold(text);
  for (const [employment, re] of PATTERNS) {
    for (const m of folded.matchAll(new RegExp(re.source, 'g'))) {
      const before = folded.slice(Math.max(0, m.index! - 16), m.index);
      if (NEGATED.test(before) || (/^(?:trabalho|work)$/.test(m[0]) && NOUN_BEFORE.test(before))) continue;
      return { employment, start: m.index!, end: m.index! + m[0].length };
    }
  }
  return null;
}
