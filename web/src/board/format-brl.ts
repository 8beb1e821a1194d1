// One formatter for the whole app: constructing Intl.NumberFormat is costly
// and a board renders a value for every card.
const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/** "R$ 1.234,56"; an unknown deal value shows a dash rather than R$ 0,00. */
export function formatBRL(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return brl.format(value);
}
