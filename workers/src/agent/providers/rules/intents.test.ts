import { describe, expect, it } from 'vitest';
import { asksForHuman, complains, greets, isOptOut, sentimentOf } from './intents.ts';

describe('isOptOut', () => {
  it.each(['pare', 'Parar', 'sair', 'STOP', 'não quero mais', 'ah deixa, não quero mais', 'me tira da lista', 'me tire dessa lista por favor',
    'unsubscribe', "don't message me", 'do not contact me again', 'hmm deixa pra lá. sair', 'pare de me mandar mensagem', 'stop messaging me'])(
    '%j opts out',
    (text) => expect(isOptOut(text)).toBe(true),
  );

  it.each(['quero sair do aluguel', 'não quero mais pagar aluguel', 'quero parar de pagar aluguel', 'I want to stop renting', 'para quando é a entrega?'])(
    '%j does not',
    (text) => expect(isOptOut(text)).toBe(false),
  );
});

describe('asksForHuman', () => {
  it.each(['quero falar com um atendente', 'tem como falar com alguém de verdade?', 'can I talk to a real person please?', 'talk to a person', "I'd rather talk to a person"])(
    '%j asks for a person',
    (text) => expect(asksForHuman(text)).toBe(true),
  );

  it.each(['quero financiar um carro', 'you can call me John', 'qual o prazo?'])('%j does not', (text) => expect(asksForHuman(text)).toBe(false));
});

describe('complains', () => {
  it.each(['péssimo atendimento', 'isso é golpe?', 'this is ridiculous', 'is this a scam?', 'que absurdo'])('%j complains', (text) =>
    expect(complains(text)).toBe(true),
  );

  it.each(['qual o processo?', 'ganho 8 mil', 'great, thanks'])('%j does not', (text) => expect(complains(text)).toBe(false));
});

describe('greets and sentiment', () => {
  it('knows greetings and thanks', () => {
    expect(greets('Oi, boa tarde')).toBe(true);
    expect(greets('obrigada!')).toBe(true);
    expect(greets('Hello there')).toBe(true);
    expect(greets('ganho 8 mil')).toBe(false);
  });

  it('reads the mood', () => {
    expect(sentimentOf('péssimo atendimento')).toBe('NEGATIVE');
    expect(sentimentOf('show!! obrigada 😍')).toBe('POSITIVE');
    expect(sentimentOf('ganho 8 mil')).toBe('NEUTRAL');
  });
});
