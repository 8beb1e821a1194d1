// The simulated leads of bench/qualification.ts: each one a WhatsApp chat that
// goes through the whole qualification, one message per agent answer, in
// Portuguese as leads write, with its own name, city, amounts and a real CPF.
import { randomBytes } from 'node:crypto';
import { normalizeCpf } from '@leadwire/platform';
import { proto, type WAMessage } from '@whiskeysockets/baileys';

const FIRST = ['Ana Paula', 'Bruno', 'Carla', 'Diego', 'Elisa', 'Fábio', 'Gabriela', 'Henrique', 'Isabela', 'João Pedro'];
const LAST = ['Souza', 'Lima', 'Ferreira', 'Almeida', 'Costa', 'Ribeiro', 'Martins', 'Barbosa'];
const PLACES = ['Campinas - SP', 'Curitiba/PR', 'Belo Horizonte, MG', 'Recife - PE', 'Porto Alegre/RS'];

/** A CPF with right check digits (the agent refuses others and asks again). */
function cpfFor(n: number): string {
  const base = String(100_000_000 + ((n * 7_919) % 800_000_000)).slice(0, 9);
  for (let d = 0; d < 100; d++) {
    const cpf = normalizeCpf(`${base}${String(d).padStart(2, '0')}`);
    if (cpf) return `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
  }
  throw new Error('no CPF for this base');
}

/**
 * What lead `n` says, in order, each after the agent's previous answer: the
 * agent asks for every field and the last message qualifies the lead (a
 * protocol number, a simulation, a consultant).
 */
export function leadScript(n: number): string[] {
  const income = 15 + (n % 10);
  const value = 250 + (n % 5) * 50;
  return [
    'Oi, boa noite! Quero financiar um apartamento',
    `${FIRST[n % FIRST.length]} ${LAST[(n >> 3) % LAST.length]}`,
    `Moro em ${PLACES[n % PLACES.length]}`,
    `ganho uns ${income} mil por mês`,
    `o apê custa ${value} mil`,
    `tenho ${Math.round(value * 0.3)} mil de entrada`,
    cpfFor(n),
    'sou CLT',
    'quero comprar mês que vem',
  ];
}

/** A Brazilian mobile number of its own for lead `n`, as WhatsApp writes it (no +). */
export const leadPhone = (n: number) => `5511${String(900_000_000 + n).padStart(9, '0')}`;

/** One inbound message as Baileys hands it to the connector (`messages.upsert`, notify). */
export function inboundMessage(n: number, text: string): WAMessage {
  return proto.WebMessageInfo.fromObject({
    key: { remoteJid: `${leadPhone(n)}@s.whatsapp.net`, fromMe: false, id: `3EB0${randomBytes(9).toString('hex').toUpperCase()}` },
    message: { conversation: text },
    messageTimestamp: Math.floor(Date.now() / 1000),
    pushName: `Lead ${n}`,
  }) as WAMessage;
}
