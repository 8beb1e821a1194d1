/**
 * A lead who qualifies for real-estate financing under the default product
 * rules (15 mil income, 400 mil property, 120 mil down: 280 mil financed),
 * one message per answer, as people write on WhatsApp.
 */
export const QUALIFYING_CONVERSATION = [
  'Oi, boa noite! Quero financiar um apartamento',
  'Ana Paula Souza',
  'Moro em Campinas - SP',
  'ganho uns 15 mil por mês',
  'o apê custa 400 mil',
  'tenho 120 mil de entrada',
  '390.533.447-05',
  'sou CLT',
  'quero comprar mês que vem',
] as const;
