import { zCpf, zEmail, zName, zNotes, zPhone, zTags } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';

export const ProductInterest = builder.enumType('ProductInterest', { values: ['REAL_ESTATE', 'VEHICLE', 'OTHER'] as const });
export const LeadSource = builder.enumType('LeadSource', { values: ['LANDING_PAGE', 'WHATSAPP', 'API', 'MANUAL', 'IMPORT'] as const });
export const LeadPriority = builder.enumType('LeadPriority', { values: ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const });

const money = z.number().finite().min(0).max(1_000_000_000_000);

/** Fields a consultant, manager or integrator may set on a lead. */
export function leadFieldsSchema(defaultRegion: string) {
  return z.object({
    name: zName,
    phone: zPhone(defaultRegion).nullish(),
    email: zEmail.nullish(),
    cpf: zCpf.nullish(),
    productInterest: z.enum(['REAL_ESTATE', 'VEHICLE', 'OTHER']).nullish(),
    priority: z.enum(['LOW', 'MEDIUM', 'HIGH', 'URGENT']).nullish(),
    score: z.number().int().min(0).max(100).nullish(),
    dealValue: money.nullish(),
    tags: zTags.nullish(),
    notes: zNotes.nullish(),
    consent: z.boolean().nullish(),
  });
}

export const createLeadSchema = (region: string) =>
  leadFieldsSchema(region).extend({
    source: z.enum(['LANDING_PAGE', 'WHATSAPP', 'API', 'MANUAL', 'IMPORT']).nullish(),
    stageId: z.uuid({ message: 'is not a valid id' }).nullish(),
  });

export const updateLeadSchema = (region: string) => leadFieldsSchema(region).partial();

export const submitLeadSchema = (region: string) =>
  z.object({
    name: zName,
    phone: zPhone(region),
    email: zEmail.nullish(),
    cpf: zCpf.nullish(),
    productInterest: z.enum(['REAL_ESTATE', 'VEHICLE', 'OTHER']).nullish(),
    dealValue: money.nullish(),
    message: zNotes.nullish(),
    consent: z.literal(true, { message: 'must be given to submit the form' }),
    // Honeypot: humans never see this field; bots fill it.
    website: z.string().max(500).nullish(),
    utmSource: z.string().max(200).nullish(),
    utmCampaign: z.string().max(200).nullish(),
  });

const leadFieldsInput = (t: any) => ({
  name: t.string(),
  phone: t.string(),
  email: t.string(),
  cpf: t.string(),
  productInterest: t.field({ type: ProductInterest }),
  priority: t.field({ type: LeadPriority }),
  score: t.int(),
  dealValue: t.float(),
  tags: t.stringList(),
  notes: t.string(),
  consent: t.boolean(),
});

export const CreateLeadInput = builder.inputType('CreateLeadInput', {
  fields: (t) => ({
    ...leadFieldsInput(t),
    name: t.string({ required: true }),
    source: t.field({ type: LeadSource }),
    stageId: t.id({ description: 'Defaults to the first stage of the default pipeline' }),
  }),
});

export const UpdateLeadInput = builder.inputType('UpdateLeadInput', { fields: (t) => leadFieldsInput(t) });

export const SubmitLeadInput = builder.inputType('SubmitLeadInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    phone: t.string({ required: true }),
    email: t.string(),
    cpf: t.string(),
    productInterest: t.field({ type: ProductInterest }),
    dealValue: t.float(),
    message: t.string(),
    consent: t.boolean({ required: true }),
    website: t.string({ description: 'Leave empty. Submissions that fill it are discarded.' }),
    utmSource: t.string(),
    utmCampaign: t.string(),
  }),
});
