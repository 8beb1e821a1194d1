import { describe, expect, it } from 'vitest';
import { normalizeCpf, normalizePhone, regionOfPhone } from './validation.ts';

describe('normalizePhone', () => {
  it.each([
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    ['+55 21 2345-6789', 'BR', '+552123456789'],
    ['011 98765 4321', 'BR', '+5511987654321'],
    ['+1 415 555 2671', 'BR', '+14155552671'],
    ['912 345 678', 'PT', '+351912345678'],
  ])('%s in %s is %s', (input, region, expected) => {
    expect(normalizePhone(input, region)).toBe(expected);
  });

  it.each(['123', 'call me', '+55 11 1234', ''])('refuses %j', (input) => {
    expect(normalizePhone(input, 'BR')).toBeNull();
  });
});

describe('regionOfPhone', () => {
  it('derives the Brazilian state from the area code, the country elsewhere', () => {
    expect(regionOfPhone('+5511987654321')).toBe('BR-SP');
    expect(regionOfPhone('+5571987654321')).toBe('BR-BA');
    expect(regionOfPhone('+14155552671')).toBe('US');
  });
});

describe('normalizeCpf', () => {
  it('accepts valid check digits with or without punctuation', () => {
    expect(normalizeCpf('529.982.247-25')).toBe('52998224725');
    expect(normalizeCpf('11144477735')).toBe('11144477735');
  });

  it.each(['529.982.247-24', '111.111.111-11', '00000000000', '1234567890', 'abc.def.ghi-jk'])('refuses %s', (input) => {
    expect(normalizeCpf(input)).toBeNull();
  });
});
