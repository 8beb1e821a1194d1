import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { FIELD_NAMES } from '../types.ts';

const zExpect = z
  .object({
    name: z.string(),
    cpf: z.string().nullable(),
    income: z.number(),
    product: z.enum(['REAL_ESTATE', 'VEHICLE']),
    value: z.number(),
    downPayment: z.number(),
    city: z.string(),
    state: z.string(),
    employment: z.enum(['EMPLOYED', 'SELF_EMPLOYED', 'PUBLIC_SERVANT', 'BUSINESS_OWNER', 'RETIRED', 'UNEMPLOYED', 'OTHER']),
    timeframeMonths: z.number(),
  })
  .partial()
  .extend({ outcome: z.enum(['QUALIFIED', 'UNQUALIFIED', 'NEEDS_HUMAN', 'OPT_OUT', 'IN_PROGRESS']) });

export const zLabelledConversation = z.object({
  id: z.string().min(1),
  lang: z.enum(['pt', 'en']),
  messages: z.array(z.string()).min(1),
  expect: zExpect,
});
export type LabelledConversation = z.infer<typeof zLabelledConversation>;
export type Expect = LabelledConversation['expect'];

export const zEvalSet = z.array(zLabelledConversation).min(1);

export async function loadEvalSet(path: string): Promise<LabelledConversation[]> {
  return zEvalSet.parse(JSON.parse(await readFile(path, 'utf8')));
}

/** The lead fields a label checks, in the spec's order. */
export const expectedFields = (expect: Expect) => FIELD_NAMES.filter((f) => expect[f] !== undefined);
