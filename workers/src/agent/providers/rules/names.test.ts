import { describe, expect, it } from 'vitest';
import { findName } from './names.ts';

const name = (text: string, expectingName = false, nameMissing = true) => findName(text, { expectingName, nameMissing })?.name ?? null;

describe('findName', () => {
  it.each([
    ['meu nome é ana paula souza', 'Ana Paula Souza'],
    ['Meu nome é Carlos Eduardo e ganho 5 mil', 'Carlos Eduardo'],
    ['Oi, sou a Maria da Silva', 'Maria da Silva'],
    ['Bom dia! Me chamo João Pedro Alves.', 'João Pedro Alves'],
    ["I'm John Smith from Miami", 'John Smith'],
    ['My name is john doe', 'John Doe'],
    ['This is Mary Johnson', 'Mary Johnson'],
    ['actually my full name is Rodrigo Almeida Prado', 'Rodrigo Almeida Prado'],
  ])('%j → %s', (text, expected) => {
    expect(name(text)).toBe(expected);
  });

  it('takes a bare answer to the name question, including surnames that are everyday words', () => {
    expect(name('Ana Paula Souza', true)).toBe('Ana Paula Souza');
    expect(name('Wellington Dias', true)).toBe('Wellington Dias');
    expect(name('é Ana', true)).toBe('Ana');
    expect(name('Claro, Fernanda Lima', true)).toBe('Fernanda Lima');
    expect(name('J. R. Smith', true)).toBe('J. R. Smith');
  });

  it.each(['sou autônomo', "I'm looking for a car", "I'm self-employed", 'Sou Aposentado'])('%j is not a name', (text) => {
    expect(name(text)).toBeNull();
  });

  it.each(['kkkkk', 'lol', 'hoje tá quente', 'ok', 'quero um carro', 'Bom Dia'])('%j does not answer the name question', (text) => {
    expect(name(text, true)).toBeNull();
  });
});
