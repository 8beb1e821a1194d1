import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.ts';

describe('detectLanguage', () => {
  it.each([
    ['Oi, quero financiar um apartamento', 'pt'],
    ['ganho uns 15 mil por mês', 'pt'],
    ['não sei', 'pt'],
    ['12 mil', 'pt'],
    ['Hi, I want to finance a car', 'en'],
    ['I make about 15k a month', 'en'],
    ["I'm employed full-time", 'en'],
  ])('%j is %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('says nothing when nothing tells: amounts, names and cities with accents', () => {
    expect(detectLanguage('12k')).toBeNull();
    expect(detectLanguage('Fábio Rezende')).toBeNull();
    expect(detectLanguage('Goiânia')).toBeNull();
    expect(detectLanguage('ok')).toBeNull();
  });
});
