import type { AgentProvider, Intent, LeadFields, UnderstandContext, Understanding } from '../types.ts';
import { assignAmounts } from './rules/amount-fields.ts';
import { findAmounts, findPercents } from './rules/amounts.ts';
import { findCpf } from './rules/cpf.ts';
import { findEmployment } from './rules/employment.ts';
import { asksForHuman, complains, greets, isOptOut, sentimentOf } from './rules/intents.ts';
import { detectLanguage } from './rules/language.ts';
import { findName } from './rules/names.ts';
import { findPlace } from './rules/places.ts';
import { findProduct } from './rules/product.ts';
import { isProductTopic, matchFaq, questionsIn } from './rules/questions.ts';
import { blank, type Span } from './rules/text.ts';
import { findTimeframe } from './rules/timeframes.ts';

/** Filler around a bare answer: "uns 12 mil", "R$ 450.000 mais ou menos", "é 8k". */
const FILLER = /^(?:e|é|eh|sao|são|uns|umas|cerca de|mais ou menos|aproximadamente|about|around|roughly|approximately|it'?s|its|is|de|por volta de|tipo|acho que|i think|hmm+|entao|então|bom|well|so)$/i;

function isBareAmount(text: string, amountSpans: Span[]): boolean {
  const rest = blank(text, amountSpans).replace(/[^\p{L}\s']/gu, ' ').trim();
  return !rest || rest.split(/\s+/).every((w) => FILLER.test(w) || /^(reais|real|mil|k|brl|r)$/i.test(w));
}

/**
 * Reads one lead message with deterministic rules: no network, no model. It
 * states only what the message says; the policy decides what to do with it.
 */
export function readMessage(text: string, ctx: UnderstandContext): Understanding {
  const expecting = ctx.expecting;
  const fields: Partial<LeadFields> = {};
  const lang = detectLanguage(text) ?? ctx.lang ?? 'pt';

  const cpf = findCpf(text, expecting === 'cpf');
  if (cpf) fields.cpf = cpf.cpf;
  let rest = cpf ? blank(text, [cpf]) : text;

  const timeframe = findTimeframe(rest, expecting === 'timeframeMonths');
  if (timeframe) {
    fields.timeframeMonths = timeframe.months;
    rest = blank(rest, [timeframe]);
  }

  const employment = findEmployment(rest);
  if (employment) {
    fields.employment = employment.employment;
    rest = blank(rest, [employment]);
  }

  const place = findPlace(rest, { expecting: expecting === 'city' ? 'city' : expecting === 'state' ? 'state' : null });
  if (place.city) fields.city = place.city;
  if (place.state) fields.state = place.state;
  rest = blank(rest, place.spans);

  const product = findProduct(rest, ctx.known.product);
  if (product) fields.product = product.product;

  const amounts = findAmounts(rest);
  const amountFields = assignAmounts(rest, amounts, findPercents(rest), {
    expecting,
    known: ctx.known,
    lastRecorded: ctx.lastRecorded ?? [],
    bare: isBareAmount(rest, amounts),
  });
  Object.assign(fields, amountFields);
  rest = blank(rest, amounts);

  const name = findName(rest, { expectingName: expecting === 'name', nameMissing: !ctx.known.name });
  if (name) fields.name = name.name;

  const givesInfo = Object.keys(fields).length > 0;
  const questions = questionsIn(text, givesInfo).join(' ');
  const faqId = questions ? matchFaq(questions, ctx.knowledgeBase, ctx.lang ?? lang) : null;
  const intents: Intent[] = [];
  if (isOptOut(text)) intents.push('OPT_OUT');
  if (asksForHuman(text)) intents.push('ASKS_HUMAN');
  if (complains(text)) intents.push('COMPLAINS');
  if (greets(text)) intents.push('GREETS');
  if (questions && (faqId || isProductTopic(questions))) intents.push('ASKS_PRODUCT');
  if (givesInfo) intents.push('GIVES_INFO');
  if (!intents.length) intents.push('OFF_TOPIC');

  return {
    lang,
    intents,
    sentiment: sentimentOf(text),
    fields,
    faqId,
    // Rules cannot tell an unusual phrasing from small talk: an unread message
    // stays above the hand-off threshold and counts as a turn without progress.
    confidence: intents.includes('OFF_TOPIC') ? 0.6 : 0.9,
  };
}

export const rulesProvider: AgentProvider = {
  name: 'rules',
  async understand(text: string, ctx: UnderstandContext): Promise<Understanding> {
    return readMessage(text, ctx);
  },
};
