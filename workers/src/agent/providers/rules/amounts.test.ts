import { describe, expect, it } from 'vitest';
import { findAmounts, findPercents, parseAmount, parseDigits } from './amounts.ts';

describe('parseAmount', () => {
  it.each([
    ['R$ 8.500,00', 8500],
    ['8500', 8500],
    ['8.500', 8500],
    ['8 mil', 8000],
    ['8k', 8000],
    ['8K', 8000],
    ['R$8,5 mil', 8500],
    ['1,2 milhão', 1_200_000],
    ['1.2 million', 1_200_000],
    ['1.2M', 1_200_000],
    ['eight thousand', 8000],
    ['twelve thousand five hundred', 12_500],
    ['450 mil', 450_000],
    ['meio milhão', 500_000],
    ['half a million', 500_000],
    ['1 milhão e meio', 1_500_000],
    ['1 milhão e 200 mil', 1_200_000],
    ['5 mil e 500', 5500],
    ['oito mil e quinhentos', 8500],
    ['trezentos e cinquenta mil', 350_000],
    ['$300,000', 300_000],
    ['R$ 480,000', 480_000],
    ['300,000.00', 300_000],
    ['two thousand reais', 2000],
    ['12 grand', 12_000],
    ['R$ 1.500.000', 1_500_000],
    ['mil e quinhentos reais', 1500],
    ['uns 90 mil de entrada', 90_000],
  ])('%s is %d', (text, value) => {
    expect(parseAmount(text)).toBe(value);
  });

  it('marks bare small numbers as not explicit, money as explicit', () => {
    expect(findAmounts('450')).toEqual([{ value: 450, start: 0, end: 3, explicit: false }]);
    expect(findAmounts('4.200')[0].explicit).toBe(true);
    expect(findAmounts('R$ 450')[0].explicit).toBe(true);
  });

  it.each(['em 6 meses', 'um apartamento de 2 quartos', '10 mil km rodados', 'carro 2020', '20% de entrada', '(11) 98765-4321', 'tenho 30 anos'])(
    'finds no money in %j',
    (text) => {
      expect(findAmounts(text).filter((a) => a.explicit)).toEqual([]);
    },
  );

  it('finds several amounts with their positions', () => {
    const text = 'apartamento de 450 mil, tenho 90 mil de entrada e ganho 12k';
    expect(findAmounts(text).map((a) => [a.value, text.slice(a.start, a.end)])).toEqual([
      [450_000, '450 mil'],
      [90_000, '90 mil'],
      [12_000, '12k'],
    ]);
  });

  it('reads a range as its lower bound with the shared multiplier', () => {
    expect(parseAmount('entre 8 e 10 mil')).toBe(8000);
  });
});

describe('parseDigits', () => {
  it('tells thousands separators from decimal marks', () => {
    expect(parseDigits('8.500,00', false)).toEqual({ value: 8500, grouped: true });
    expect(parseDigits('8,500', false)).toEqual({ value: 8500, grouped: true });
    expect(parseDigits('8,50', false)).toEqual({ value: 8.5, grouped: false });
    expect(parseDigits('1,2', true)).toEqual({ value: 1.2, grouped: false });
    expect(parseDigits('1.200.300', false)).toEqual({ value: 1_200_300, grouped: true });
    expect(parseDigits('1.20.300', false)).toBeNull();
  });
});

describe('findPercents', () => {
  it('reads shares', () => {
    expect(findPercents('entrada de 20%').map((p) => p.share)).toEqual([0.2]);
    expect(findPercents('uns 15 por cento').map((p) => p.share)).toEqual([0.15]);
  });
});
