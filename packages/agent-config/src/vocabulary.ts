// The words the agent's settings are written in: what the agent collects from
// a lead and the knowledge base's entries. The agent itself (workers/src/agent)
// builds its own types on these.

export type Lang = 'pt' | 'en';
export type Product = 'REAL_ESTATE' | 'VEHICLE';
export type Employment = 'EMPLOYED' | 'SELF_EMPLOYED' | 'PUBLIC_SERVANT' | 'BUSINESS_OWNER' | 'RETIRED' | 'UNEMPLOYED' | 'OTHER';

/** What the agent collects; names match the labelled set's `expect`. Amounts in BRL. */
export interface LeadFields {
  name: string;
  /** 11 digits with valid check digits; null once the lead gave one that is not a CPF. */
  cpf: string | null;
  income: number;
  product: Product;
  value: number;
  downPayment: number;
  city: string;
  /** UF, two letters. */
  state: string;
  employment: Employment;
  /** Months from now until the lead means to buy; 0 = now. */
  timeframeMonths: number;
}
export type FieldName = keyof LeadFields;

export const FIELD_NAMES = ['name', 'cpf', 'income', 'product', 'value', 'downPayment', 'city', 'state', 'employment', 'timeframeMonths'] as const satisfies readonly FieldName[];

export interface FaqEntry {
  id: string;
  lang: Lang;
  question: string;
  answer: string;
  /** Words or phrases that point at this entry (rules provider). */
  keywords: string[];
}
