import type { ReplyTemplates } from '@leadwire/agent-config';
import type { FieldName, Lang, LeadFields } from '../types.ts';

const LOCALE: Record<Lang, string> = { pt: 'pt-BR', en: 'en-US' };

/** "R$ 8.000,00" in Portuguese, "R$8,000.00" in English: always reais. */
export function money(amount: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency: 'BRL' }).format(amount).replace(/\u00a0/g, ' ');
}

/** 0.115 → "11,5%" / "11.5%". */
export function percent(share: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE[lang], { style: 'percent', maximumFractionDigits: 2 }).format(share);
}

export const formatCpf = (cpf: string) => cpf.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4');

/** Replaces `{key}` with vars[key]; unknown keys stay visible rather than vanish. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{([\w.]+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

/** One recorded value as the lead will read it back. */
export function fieldText(field: FieldName, fields: Partial<LeadFields>, t: ReplyTemplates, lang: Lang): string {
  switch (field) {
    case 'income':
    case 'value':
    case 'downPayment':
      return money(fields[field]!, lang);
    case 'cpf':
      return fields.cpf ? formatCpf(fields.cpf) : '—';
    case 'product':
      return t.products[fields.product!];
    case 'employment':
      return t.employment[fields.employment!];
    case 'timeframeMonths': {
      const n = fields.timeframeMonths!;
      return n === 0 ? t.timeframe.now : n === 1 ? t.timeframe.one : fill(t.timeframe.many, { n });
    }
    case 'city':
      return fields.state ? `${fields.city}/${fields.state}` : fields.city!;
    default:
      return String(fields[field]);
  }
}

/** "a, b e c" / "a, b and c". */
export function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')}${and}${items[items.length - 1]}`;
}
