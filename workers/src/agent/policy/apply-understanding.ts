import { UFS } from '@leadwire/agent-config';
import { normalizeCpf } from '@leadwire/platform/validation';
import { FIELD_NAMES, type FieldName, type LeadFields, type Understanding } from '../types.ts';

const EMPLOYMENTS = ['EMPLOYED', 'SELF_EMPLOYED', 'PUBLIC_SERVANT', 'BUSINESS_OWNER', 'RETIRED', 'UNEMPLOYED', 'OTHER'];
const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 1e10;
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim().length > 0 && v.trim().length <= max;

/**
 * A provider's fields made safe to keep: whatever understood the message
 * (a model included), a CPF is kept only with valid check digits, amounts are
 * positive and finite, a state is a UF. Anything else is dropped.
 */
export function sanitizeFields(raw: Understanding['fields']): { fields: Partial<LeadFields>; cpfRejected: boolean } {
  const fields: Partial<LeadFields> = {};
  let cpfRejected = false;
  const r = raw as Record<string, unknown>;
  if (isText(r.name, 120)) fields.name = r.name.trim().replace(/\s+/g, ' ');
  if ('cpf' in r) {
    const cpf = typeof r.cpf === 'string' ? normalizeCpf(r.cpf) : null;
    if (cpf) fields.cpf = cpf;
    else cpfRejected = r.cpf !== undefined;
  }
  for (const k of ['income', 'value', 'downPayment'] as const) if (isAmount(r[k])) fields[k] = Math.round(r[k] * 100) / 100;
  // No down payment at all is an answer (the rules then refuse it), unlike no income or no value.
  if (r.downPayment === 0) fields.downPayment = 0;
  if (r.product === 'REAL_ESTATE' || r.product === 'VEHICLE') fields.product = r.product;
  if (isText(r.city, 80)) fields.city = r.city.trim().replace(/\s+/g, ' ');
  if (typeof r.state === 'string' && (UFS as readonly string[]).includes(r.state.trim().toUpperCase())) fields.state = r.state.trim().toUpperCase();
  if (typeof r.employment === 'string' && EMPLOYMENTS.includes(r.employment)) fields.employment = r.employment as LeadFields['employment'];
  if (typeof r.timeframeMonths === 'number' && Number.isInteger(r.timeframeMonths) && r.timeframeMonths >= 0 && r.timeframeMonths <= 240) {
    fields.timeframeMonths = r.timeframeMonths;
  }
  return { fields, cpfRejected };
}

export interface Applied {
  fields: Partial<LeadFields>;
  /** Fields this message stated with a usable value (changed or confirmed). */
  stated: FieldName[];
  /** Fields whose value changed. */
  changed: FieldName[];
  cpfRejected: boolean;
}

/** Applies a message's fields over what is known: a new value replaces the old one (that is how corrections work). */
export function applyUnderstanding(known: Partial<LeadFields>, u: Understanding): Applied {
  const { fields: incoming, cpfRejected } = sanitizeFields(u.fields);
  const fields: Partial<LeadFields> = { ...known };
  const changed: FieldName[] = [];
  for (const f of FIELD_NAMES) {
    const v = incoming[f];
    if (v === undefined) continue;
    if (fields[f] !== v) changed.push(f);
    (fields as Record<string, unknown>)[f] = v;
  }
  // A corrected city without a state: the old state may belong to the old city.
  if (changed.includes('city') && known.city !== undefined && incoming.state === undefined) delete fields.state;
  if (cpfRejected && !incoming.cpf) {
    // The latest CPF the lead gave is not valid: hold none, and ask again.
    if (fields.cpf !== null) changed.push('cpf');
    fields.cpf = null;
  }
  const stated = FIELD_NAMES.filter((f) => incoming[f] !== undefined);
  return { fields, stated, changed, cpfRejected: cpfRejected && !incoming.cpf };
}

/** Known for deciding: present, and for the CPF, valid. */
export const isKnown = (fields: Partial<LeadFields>, f: FieldName) => fields[f] !== undefined && fields[f] !== null;
