import { normalizeCpf } from '@leadwire/platform';
import { z } from 'zod';
import { INTENTS, type FaqEntry, type LeadFields, type Understanding } from '../types.ts';

export const UFS = [
  'AC', 'AL', 'AP', 'AM', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MT', 'MS', 'MG', 'PA',
  'PB', 'PR', 'PE', 'PI', 'RJ', 'RN', 'RS', 'RO', 'RR', 'SC', 'SP', 'SE', 'TO',
] as const;

const LANGS = ['pt', 'en'] as const;
const SENTIMENTS = ['POSITIVE', 'NEUTRAL', 'NEGATIVE'] as const;
const PRODUCTS = ['REAL_ESTATE', 'VEHICLE'] as const;
const EMPLOYMENTS = ['EMPLOYED', 'SELF_EMPLOYED', 'PUBLIC_SERVANT', 'BUSINESS_OWNER', 'RETIRED', 'UNEMPLOYED', 'OTHER'] as const;

// Amounts are BRL; the caps only stop nonsense (a model echoing a CPF as an income).
const brl = (max: number) => z.number().nonnegative().max(max);

/** The final shape every provider answers, as a zod schema (cpf: 11 valid digits, or null once an invalid one was given). */
export const understandingSchema = z.strictObject({
  lang: z.enum(LANGS),
  intents: z.array(z.enum(INTENTS)).max(INTENTS.length),
  sentiment: z.enum(SENTIMENTS),
  fields: z.strictObject({
    name: z.string().min(1).max(120).optional(),
    cpf: z.string().regex(/^\d{11}$/).nullable().optional(),
    income: brl(10_000_000).optional(),
    product: z.enum(PRODUCTS).optional(),
    value: brl(1_000_000_000).optional(),
    downPayment: brl(1_000_000_000).optional(),
    city: z.string().min(1).max(80).optional(),
    state: z.enum(UFS).optional(),
    employment: z.enum(EMPLOYMENTS).optional(),
    timeframeMonths: z.number().int().min(0).max(240).optional(),
  }),
  faqId: z.string().nullable(),
  confidence: z.number().min(0).max(1),
}) satisfies z.ZodType<Understanding>;

/**
 * What the model must emit. Strict structured output wants every key present,
 * so "not stated in this message" is `null` on the wire. The CPF comes back as
 * the digits the lead typed, whatever they are: telling a valid CPF from a
 * typo is arithmetic, which is ours to do, not the model's. Only keywords
 * strict mode accepts reach the JSON schema (no string lengths, no array
 * sizes); `understandingSchema` checks those after.
 */
export function replySchema(knowledgeBase: FaqEntry[]) {
  const ids = [...new Set(knowledgeBase.map((f) => f.id))];
  const faqId = ids.length ? z.enum(ids as [string, ...string[]]).nullable() : z.null();
  return z.strictObject({
    lang: z.enum(LANGS),
    intents: z.array(z.enum(INTENTS)),
    sentiment: z.enum(SENTIMENTS),
    fields: z.strictObject({
      name: z.string().trim().nullable(),
      cpf: z.string().regex(/^\d{1,14}$/).nullable(),
      income: brl(10_000_000).nullable(),
      product: z.enum(PRODUCTS).nullable(),
      value: brl(1_000_000_000).nullable(),
      downPayment: brl(1_000_000_000).nullable(),
      city: z.string().trim().nullable(),
      state: z.enum(UFS).nullable(),
      employment: z.enum(EMPLOYMENTS).nullable(),
      timeframeMonths: z.number().int().min(0).max(240).nullable(),
    }),
    faqId,
    confidence: z.number().min(0).max(1),
  });
}
export type Reply = z.infer<ReturnType<typeof replySchema>>;

/** The wire reply in the `Understanding` shape (nulls dropped, the CPF checked), still to be validated with `understandingSchema`. */
export function fromReply(reply: Reply): Understanding {
  const fields: Partial<LeadFields> = {};
  for (const [key, value] of Object.entries(reply.fields) as Array<[keyof LeadFields, unknown]>) {
    if (value === null) continue;
    // A CPF the lead gave but that fails its check digits is recorded as null: the agent asks again.
    (fields as Record<string, unknown>)[key] = key === 'cpf' ? normalizeCpf(value as string) : value;
  }
  return { lang: reply.lang, intents: [...new Set(reply.intents)], sentiment: reply.sentiment, fields, faqId: reply.faqId, confidence: reply.confidence };
}
