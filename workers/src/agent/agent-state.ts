import { z } from 'zod';
import { UFS } from '@leadwire/agent-config';
import { FIELD_NAMES, type AgentState } from './types.ts';

export function initialAgentState(): AgentState {
  return {
    version: 1,
    lang: null,
    langVotes: { pt: 0, en: 0 },
    fields: {},
    expecting: null,
    lastRecorded: [],
    turns: 0,
    turnsWithoutProgress: 0,
    outcome: 'IN_PROGRESS',
    reason: null,
    score: null,
    protocol: null,
    simulation: null,
    greeted: false,
    decisionSent: false,
    handoffSent: false,
    goodbyeSent: false,
    openQuestions: [],
  };
}

const zMoney = z.number().finite().nonnegative();
const zFields = z
  .object({
    name: z.string().max(200),
    cpf: z.string().regex(/^\d{11}$/).nullable(),
    income: zMoney,
    product: z.enum(['REAL_ESTATE', 'VEHICLE']),
    value: zMoney,
    downPayment: zMoney,
    city: z.string().max(120),
    state: z.enum(UFS),
    employment: z.enum(['EMPLOYED', 'SELF_EMPLOYED', 'PUBLIC_SERVANT', 'BUSINESS_OWNER', 'RETIRED', 'UNEMPLOYED', 'OTHER']),
    timeframeMonths: z.number().int().min(0).max(600),
  })
  .partial();

/** Validates a state read back from storage, so a corrupt row fails loudly instead of steering the agent. */
export const zAgentState: z.ZodType<AgentState> = z.object({
  version: z.literal(1),
  lang: z.enum(['pt', 'en']).nullable(),
  langVotes: z.object({ pt: z.number().int().min(0), en: z.number().int().min(0) }),
  fields: zFields,
  expecting: z.enum(FIELD_NAMES).nullable(),
  lastRecorded: z.array(z.enum(FIELD_NAMES)),
  turns: z.number().int().min(0),
  turnsWithoutProgress: z.number().int().min(0),
  outcome: z.enum(['QUALIFIED', 'UNQUALIFIED', 'NEEDS_HUMAN', 'OPT_OUT', 'IN_PROGRESS']),
  reason: z
    .enum([
      'CPF_INVALID', 'INCOME_BELOW_MINIMUM', 'VALUE_BELOW_MINIMUM', 'VALUE_ABOVE_MAXIMUM', 'DOWN_PAYMENT_TOO_LOW', 'DOWN_PAYMENT_NOT_BELOW_VALUE',
      'STATE_NOT_SERVED', 'INSTALLMENT_TOO_HIGH', 'OPT_OUT', 'ASKED_FOR_HUMAN', 'COMPLAINT', 'LOW_CONFIDENCE', 'NO_PROGRESS', 'GUARDRAIL',
    ])
    .nullable(),
  score: z.number().min(0).max(100).nullable(),
  protocol: z.string().max(40).nullable(),
  simulation: z
    .object({
      product: z.enum(['REAL_ESTATE', 'VEHICLE']),
      annualRate: z.number(),
      monthlyRate: z.number(),
      termMonths: z.number().int(),
      financed: z.number(),
      priceInstallment: z.number(),
      sacFirstInstallment: z.number(),
      sacLastInstallment: z.number(),
    })
    .nullable(),
  greeted: z.boolean(),
  decisionSent: z.boolean(),
  handoffSent: z.boolean(),
  goodbyeSent: z.boolean(),
  openQuestions: z.array(z.string().max(1000)).max(50),
});

export const parseAgentState = (json: unknown): AgentState => zAgentState.parse(json);
