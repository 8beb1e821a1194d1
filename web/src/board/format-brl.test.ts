import { describe, expect, it } from 'vitest';
import { formatBRL } from './format-brl.ts';

// Intl puts a no-break space after "R$"; compare with plain spaces.
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('formatBRL', () => {
  it('formats reais the Brazilian way', () => {
    expect(plain(formatBRL(1234.5))).toBe('R$ 1.234,50');
    expect(plain(formatBRL(0))).toBe('R$ 0,00');
    expect(plain(formatBRL(1_500_000))).toBe('R$ 1.500.000,00');
  });

  it('shows a dash for an unknown value', () => {
    expect(formatBRL(null)).toBe('—');
    expect(formatBRL(undefined)).toBe('—');
    expect(formatBRL(Number.NaN)).toBe('—');
  });
});
