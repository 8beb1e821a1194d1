import { describe, expect, it } from 'vitest';
import { findTimeframe } from './timeframes.ts';

describe('findTimeframe', () => {
  it.each([
    ['agora mesmo', 0],
    ['o quanto antes', 0],
    ['quero comprar agora', 0],
    ['asap', 0],
    ['right away', 0],
    ['mês que vem', 1],
    ['em 1 mês', 1],
    ['next month', 1],
    ['em 6 meses', 6],
    ['daqui 6 meses', 6],
    ['daqui a seis meses', 6],
    ['in about 6 months', 6],
    ['in three months', 3],
    ['ano que vem', 12],
    ['daqui 1 ano', 12],
    ['next year', 12],
    ['em um ano e meio', 18],
    ['daqui a dois anos', 24],
    ['pretendo comprar em 4 meses', 4],
  ])('%s → %d months', (text, months) => {
    expect(findTimeframe(text, false)?.months).toBe(months);
  });

  it('reads a bare "6 meses" or "agora" only as the answer to the timeframe question', () => {
    expect(findTimeframe('6 meses', true)?.months).toBe(6);
    expect(findTimeframe('6 meses', false)).toBeNull();
    expect(findTimeframe('agora', true)?.months).toBe(0);
    expect(findTimeframe('agora estou desempregado', false)).toBeNull();
  });

  it('does not take the loan term or time at a job for the purchase date', () => {
    expect(findTimeframe('quero financiar em 360 meses', false)).toBeNull();
    expect(findTimeframe('trabalho há 5 anos na empresa', true)).toBeNull();
  });
});
