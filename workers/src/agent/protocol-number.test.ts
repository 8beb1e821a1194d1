import { describe, expect, it } from 'vitest';
import { newProtocolNumber, normalizeProtocolNumber } from './protocol-number.ts';

describe('newProtocolNumber', () => {
  it('is LW and three groups of four Crockford symbols, without I, L, O or U', () => {
    for (let k = 0; k < 200; k++) {
      const p = newProtocolNumber();
      expect(p).toMatch(/^LW-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(p.slice(3)).not.toMatch(/[ILOU]/);
    }
  });

  it('does not repeat over many draws and uses the whole alphabet', () => {
    const seen = new Set(Array.from({ length: 20_000 }, newProtocolNumber));
    expect(seen.size).toBe(20_000);
    const symbols = new Set([...seen].flatMap((p) => p.slice(3).replace(/-/g, '').split('')));
    expect(symbols.size).toBe(32);
  });
});

describe('normalizeProtocolNumber', () => {
  it('reads a protocol as a person typed it', () => {
    const p = newProtocolNumber();
    expect(normalizeProtocolNumber(p.toLowerCase().replace(/-/g, ' '))).toBe(p);
    expect(normalizeProtocolNumber('lw 7k3m q9xp 4trd')).toBe('LW-7K3M-Q9XP-4TRD');
    expect(normalizeProtocolNumber('LW-7K3M-Q9XP-4TRO')).toBe('LW-7K3M-Q9XP-4TR0');
    expect(normalizeProtocolNumber('LW-1K3M-Q9XP-4TRL')).toBe('LW-1K3M-Q9XP-4TR1');
  });

  it.each(['LW-7K3M-Q9XP', 'XX-7K3M-Q9XP-4TRD', 'LW-7K3M-Q9XP-4TRU', ''])('refuses %j', (input) => {
    expect(normalizeProtocolNumber(input)).toBeNull();
  });
});
