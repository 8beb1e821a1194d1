import { describe, expect, it } from 'vitest';
import { findPlace } from './places.ts';

const read = (text: string, expecting: 'city' | 'state' | null = null) => {
  const { city, state } = findPlace(text, { expecting });
  return { city, state };
};

describe('findPlace', () => {
  it.each([
    ['Campinas - SP', 'Campinas', 'SP'],
    ['Curitiba/PR', 'Curitiba', 'PR'],
    ['moro em Belo Horizonte, MG', 'Belo Horizonte', 'MG'],
    ['Sou Ana, moro em Campinas/SP e ganho 8 mil', 'Campinas', 'SP'],
    ['Juiz de Fora - MG', 'Juiz de Fora', 'MG'],
    ['moro em Sorriso, MT', 'Sorriso', 'MT'],
    ['Ribeirão Preto, São Paulo', 'Ribeirão Preto', 'SP'],
    ['Vivo em Goiânia/GO', 'Goiânia', 'GO'],
  ])('%j with its UF', (text, city, state) => {
    expect(read(text)).toEqual({ city, state });
  });

  it.each([
    ['moro em campinas', 'Campinas', 'SP'],
    ['Sou de Salvador', 'Salvador', 'BA'],
    ['I live in Porto Alegre', 'Porto Alegre', 'RS'],
    ['Moro no Rio', 'Rio de Janeiro', 'RJ'],
    ['quero um apartamento em Curitiba de 400 mil', 'Curitiba', 'PR'],
  ])('infers the UF of a capital or large city: %j', (text, city, state) => {
    expect(read(text)).toEqual({ city, state });
  });

  it('accepts a bare known city as the answer to the city question, in any spelling', () => {
    expect(read('sao paulo', 'city')).toEqual({ city: 'São Paulo', state: 'SP' });
    expect(read('Joao Pessoa', 'city')).toEqual({ city: 'João Pessoa', state: 'PB' });
  });

  it('records another city without a state, so the agent asks for it', () => {
    expect(read('moro em itapetininga e ganho 5 mil')).toEqual({ city: 'Itapetininga', state: undefined });
    expect(read('Itapetininga', 'city')).toEqual({ city: 'Itapetininga', state: undefined });
  });

  it('reads a state alone as a state', () => {
    expect(read('SP', 'state')).toEqual({ city: undefined, state: 'SP' });
    expect(read('São Paulo', 'state')).toEqual({ city: undefined, state: 'SP' });
    expect(read('Minas Gerais', 'state')).toEqual({ city: undefined, state: 'MG' });
    expect(read('Moro em SP')).toEqual({ city: undefined, state: 'SP' });
    expect(read('interior de São Paulo')).toEqual({ city: undefined, state: 'SP' });
  });

  it('does not take a surname or a house for a place', () => {
    expect(read('Maria dos Santos')).toEqual({ city: undefined, state: undefined });
    expect(read('moro em uma casa alugada')).toEqual({ city: undefined, state: undefined });
    expect(read('to be honest I want a car')).toEqual({ city: undefined, state: undefined });
  });
});
