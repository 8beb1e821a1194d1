import { describe, expect, it } from 'vitest';
import { findCpf } from './cpf.ts';

describe('findCpf', () => {
  it.each([
    ['390.533.447-05', '39053344705'],
    ['39053344705', '39053344705'],
    ['390 533 447 05', '39053344705'],
    ['meu cpf é 529.982.247-25', '52998224725'],
    ['cpf: 529982247-25', '52998224725'],
    ['529.982.247-25 esse é meu cpf', '52998224725'],
  ])('reads %j whatever the punctuation', (text, cpf) => {
    expect(findCpf(text, false)?.cpf).toBe(cpf);
  });

  it('refuses wrong check digits when the number is shaped like a CPF or follows "cpf"', () => {
    expect(findCpf('390.533.447-06', false)).toMatchObject({ cpf: null });
    expect(findCpf('meu cpf é 1234567890', false)).toMatchObject({ cpf: null });
  });

  it('reads a wrong-length answer to the CPF question as an invalid CPF', () => {
    expect(findCpf('9401176433', true)).toMatchObject({ cpf: null });
    expect(findCpf('123.456.789', true)).toMatchObject({ cpf: null });
  });

  it('leaves eleven loose digits that are not a CPF alone when nobody asked (a phone number)', () => {
    expect(findCpf('me liga no 11987654321', false)).toBeNull();
  });

  it('prefers a valid CPF when a message corrects an invalid one', () => {
    expect(findCpf('errei, não é 390.533.447-06, é 390.533.447-05', true)?.cpf).toBe('39053344705');
  });

  it('does not read money as a CPF', () => {
    expect(findCpf('R$ 12.000,00', true)).toBeNull();
  });
});
