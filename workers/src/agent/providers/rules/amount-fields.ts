import { AMOUNT_FIELDS, type AmountField, type FieldName, type LeadFields } from '../../types.ts';
import type { AmountMatch, PercentMatch } from './amounts.ts';
import { BOUNDARY, fold } from './text.ts';

// Which field an amount is: the nearest clue word before or after it in the
// same sentence ("ganho 8 mil", "90 mil de entrada", "a 300k house"). A strong
// clue names the field; a weak one ("tenho 90 mil") only guesses.

type Target = AmountField | 'ignored';
interface Cue {
  target: Target;
  strong: boolean;
  re: RegExp;
  /** Only after the amount: "8 mil por mês". */
  afterOnly?: boolean;
}

const words = (list: string) => new RegExp(`(?<![\\p{L}])(?:${list})(?![\\p{L}])`, 'gu');
const CUES: Cue[] = [
  { target: 'income', strong: true, re: words('renda|rendas|salario|salarios|ganho|ganha|ganhamos|ganham|ganhar|recebo|recebe|recebemos|faturo|fatura|faturamento|rendimento|rendimentos|holerite|liquido|bruto|income|salary|earn|earns|earning|make|makes|making|paid|wage|wages|pension|aposentadoria|pensao|monthly|mensal|mensais|mensalmente') },
  { target: 'income', strong: true, re: words('por mes|ao mes|no mes|/ ?mes|a month|per month|each month|every month|p/ ?mes'), afterOnly: true },
  { target: 'value', strong: true, re: words('valor|vale|valendo|custa|custam|custando|preco|imovel|apartamento|apto|ape|casa|terreno|sobrado|cobertura|carro|veiculo|moto|caminhonete|avaliado|price|priced|cost|costs|worth|value|house|home|apartment|condo|property|car|vehicle|truck') },
  { target: 'downPayment', strong: true, re: words('entrada|sinal|down|downpayment|deposit|upfront|fgts|guardado|guardados|guardada|guardadas|guardei|economias|economizei|economizado|poupanca|juntei|juntado|saved|savings') },
  { target: 'ignored', strong: true, re: words('parcela|parcelas|prestacao|prestacoes|installment|installments|monthly payment|aluguel|rent|condominio|iptu|divida|dividas|debt|debts|gasto|gastos|expenses|bills|contas|emprestimo pessoal|cartao') },
  { target: 'downPayment', strong: false, re: words('tenho|temos|tem|have|got|dar|dou|daria|posso dar|put|a vista|disponivel|disponiveis|available|cash') },
  { target: 'value', strong: false, re: words('financiar|financiamento|finance|financing|loan|emprestimo|comprar|buy|purchase|achei|encontrei|found') },
];
/** "não tenho entrada", "no down payment": a down payment of zero, which the rules then judge. */
const NO_DOWN_PAYMENT = /(?<![\p{L}])(?:(?:nao tenho|nao tem|sem|zero de|nada de|nenhuma) (?:nada (?:de|pra|para) )?entrada|nao tenho nada (?:guardado|pra entrada|para entrada)|no down ?payment|(?:don'?t|do not) have (?:a |any )?(?:down ?payment|deposit|savings)|nothing (?:for the )?down|can'?t put anything down)(?![\p{L}])/u;
const CORRECTION = /(?<![\p{L}])(?:na verdade|corrigindo|correcao|errei|me enganei|quis dizer|digo|ou melhor|desculpa|desculpe|retificando|actually|correction|i meant|sorry|my mistake|nao,|no,)(?![\p{L}])/u;
const SECOND_EARNER = /(?<![\p{L}])(?:esposa|marido|mulher|companheir[oa]|conjuge|namorad[oa]|wife|husband|partner|spouse|somando|juntos|together|mais)(?![\p{L}])/u;
const RESTATEMENT = /(?<![\p{L}])(?:quer dizer|ou melhor|digo|i mean|sorry|na verdade|actually)(?![\p{L}])/u;

interface Pick {
  target: Target;
  strong: boolean;
  distance: number;
}

function bestCue(before: string, after: string): Pick | null {
  let best: Pick | null = null;
  const consider = (p: Pick) => {
    if (!best || (p.strong && !best.strong) || (p.strong === best.strong && p.distance < best.distance)) best = p;
  };
  for (const cue of CUES) {
    if (!cue.afterOnly) for (const m of before.matchAll(cue.re)) consider({ target: cue.target, strong: cue.strong, distance: before.length - m.index! - m[0].length });
    for (const m of after.matchAll(cue.re)) consider({ target: cue.target, strong: cue.strong, distance: m.index! + 1 });
  }
  return best;
}

export interface AmountContext {
  expecting: FieldName | null;
  known: Partial<LeadFields>;
  lastRecorded: FieldName[];
  /** The message is only the amount (with filler words): a bare "450" answers the question asked. */
  bare: boolean;
}

const isAmountField = (f: FieldName | null | undefined): f is AmountField => !!f && (AMOUNT_FIELDS as readonly string[]).includes(f);

/** A bare "450" for a property means 450 mil; "8" for income means 8 mil. */
function plausible(field: AmountField, value: number, explicit: boolean): number {
  if (explicit) return value;
  if ((field === 'value' || field === 'downPayment') && value < 1000) return value * 1000;
  if (field === 'income' && value < 100) return value * 1000;
  return value;
}

export function assignAmounts(text: string, amounts: AmountMatch[], percents: PercentMatch[], ctx: AmountContext): Partial<Record<AmountField, number>> {
  const folded = fold(text);
  const out: Partial<Record<AmountField, number>> = {};
  const unassigned: AmountMatch[] = [];
  const usable = amounts.filter((a) => a.explicit || ctx.bare);
  usable.forEach((a, k) => {
    const prevEnd = k > 0 ? usable[k - 1].end : 0;
    const nextStart = k + 1 < usable.length ? usable[k + 1].start : folded.length;
    const rawBefore = folded.slice(prevEnd, a.start);
    const before = rawBefore.split(BOUNDARY).pop()!;
    const after = folded.slice(a.end, nextStart).split(BOUNDARY)[0].slice(0, 40);
    const cue = bestCue(before, after);
    if (!cue) return unassigned.push(a);
    if (cue.target === 'ignored') return;
    const previous = out[cue.target];
    const value = plausible(cue.target, a.value, a.explicit);
    out[cue.target] = previous !== undefined && cue.target === 'income' && SECOND_EARNER.test(rawBefore) && !RESTATEMENT.test(rawBefore) ? previous + value : value;
  });
  // Amounts without a clue answer the question asked, or correct what was just recorded, or fill the first amount still missing.
  const correcting = CORRECTION.test(folded);
  const order: AmountField[] = [];
  if (correcting) order.push(...ctx.lastRecorded.filter(isAmountField));
  if (isAmountField(ctx.expecting)) order.push(ctx.expecting);
  order.push(...AMOUNT_FIELDS.filter((f) => ctx.known[f] === undefined));
  for (const a of unassigned) {
    const field = order.find((f) => out[f] === undefined);
    if (!field || (!a.explicit && field !== ctx.expecting)) continue;
    out[field] = plausible(field, a.value, a.explicit);
  }
  if (out.downPayment === undefined && NO_DOWN_PAYMENT.test(folded)) out.downPayment = 0;
  // "20% de entrada": a share of the value stated here or known.
  for (const p of percents) {
    const around = folded.slice(Math.max(0, p.start - 30), p.end + 30);
    const value = out.value ?? ctx.known.value;
    if (out.downPayment === undefined && value && /entrada|sinal|down|deposit/.test(around)) out.downPayment = Math.round(value * p.share * 100) / 100;
  }
  return out;
}
