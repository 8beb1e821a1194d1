import type { EligibilityReason } from '../agent/finance/eligibility.ts';
import type { Lang } from '../agent/types.ts';

// What suggestions say. Drafts are in the lead's language and speak as the
// consultant; rationales are for the consultant, in the CRM's language. Only
// wording lives here: facts come from the agent's knowledge base and rules.

export interface DraftTexts {
  hello: string;
  helloName: string;
  /** A consultant taking over after the lead asked for a person. */
  takingOver: string;
  apology: string;
  /** A product question the knowledge base cannot answer: never an invented answer. */
  checking: string;
  simulation: string;
  documents: string;
  documentsAsk: string;
  stillThere: string;
}

export const DRAFT_TEXTS: Record<Lang, DraftTexts> = {
  pt: {
    hello: 'Olá!',
    helloName: 'Olá, {firstName}!',
    takingOver: 'Aqui é da equipe de financiamento, vou continuar o seu atendimento.',
    apology: 'Sinto muito pelo transtorno, vou cuidar pessoalmente do seu atendimento.',
    checking: 'Vou confirmar essa informação com a nossa equipe e já te respondo.',
    simulation:
      'Pela simulação, financiando {financed} em {term} meses com taxa de {rate} ao ano, a parcela fica em {price} por mês na Tabela Price, ou começa em {sacFirst} no SAC.',
    documents: 'O próximo passo é a análise de crédito. {documents}',
    documentsAsk: 'O próximo passo é a análise de crédito: posso te enviar a lista de documentos?',
    stillThere: 'Posso te ajudar com mais alguma coisa?',
  },
  en: {
    hello: 'Hello!',
    helloName: 'Hello, {firstName}!',
    takingOver: "I'm from the financing team and will take it from here.",
    apology: "I'm sorry for the trouble; I'll take care of you personally.",
    checking: "I'll check that with our team and get back to you shortly.",
    simulation:
      'In the simulation, financing {financed} over {term} months at {rate} a year, the installment is {price} a month with the Price table, or starts at {sacFirst} with SAC.',
    documents: 'The next step is the credit analysis. {documents}',
    documentsAsk: 'The next step is the credit analysis: shall I send you the list of documents?',
    stillThere: 'Is there anything else I can help you with?',
  },
};

export interface RationaleTexts {
  answered: string;
  checking: string;
  recorded: string;
  asks: string;
  simulation: string;
  documents: string;
  unqualified: string;
  goodbye: string;
  takeOver: string;
  nothingPending: string;
  optOut: string;
  askedHuman: string;
  complained: string;
  openQuestion: string;
  missing: string;
  notEligible: string;
  sendSimulation: string;
  requestDocuments: string;
  activeLead: string;
  nextMorning: string;
  reasons: Record<EligibilityReason, string>;
  and: string;
}

export const RATIONALE_TEXTS: Record<Lang, RationaleTexts> = {
  pt: {
    answered: 'responde pela base de conhecimento ({ids})',
    checking: 'a base de conhecimento não responde a pergunta: não inventa, promete retorno',
    recorded: 'confirma o que o lead informou ({fields})',
    asks: 'pede o próximo dado: {field}',
    simulation: 'envia a simulação do financiamento',
    documents: 'propõe o próximo passo (documentos)',
    unqualified: 'explica por que não se qualifica',
    goodbye: 'despede-se: o lead pediu para parar',
    takeOver: 'apresenta-se ao lead',
    nothingPending: 'nada pendente: oferece ajuda',
    optOut: 'O lead pediu para não receber mais mensagens.',
    askedHuman: 'O lead pediu para falar com uma pessoa: uma ligação resolve mais rápido.',
    complained: 'O lead reclamou do atendimento: uma ligação resolve mais rápido.',
    openQuestion: 'Pergunta sem resposta na base de conhecimento: “{question}”.',
    missing: 'Faltam dados para a análise: {fields}.',
    notEligible: 'Não se qualifica: {reason}.',
    sendSimulation: 'Qualificado (score {score}) e a simulação ainda não foi enviada.',
    requestDocuments: 'Qualificado e com simulação enviada: próximo passo é a análise de crédito.',
    activeLead: 'O lead está ativo agora: retomar ainda neste expediente.',
    nextMorning: 'O lead não está ativo ou o expediente acabou: retomar no próximo dia útil pela manhã.',
    reasons: {
      CPF_INVALID: 'CPF inválido',
      INCOME_BELOW_MINIMUM: 'renda abaixo do mínimo',
      VALUE_BELOW_MINIMUM: 'valor abaixo do mínimo',
      VALUE_ABOVE_MAXIMUM: 'valor acima do máximo',
      DOWN_PAYMENT_TOO_LOW: 'entrada abaixo do mínimo',
      DOWN_PAYMENT_NOT_BELOW_VALUE: 'a entrada cobre o valor todo',
      STATE_NOT_SERVED: 'estado não atendido',
      INSTALLMENT_TOO_HIGH: 'parcela acima do limite da renda',
    },
    and: ' e ',
  },
  en: {
    answered: 'answers from the knowledge base ({ids})',
    checking: 'the knowledge base has no answer: promises to get back rather than guess',
    recorded: 'confirms what the lead said ({fields})',
    asks: 'asks for the next detail: {field}',
    simulation: 'sends the financing simulation',
    documents: 'proposes the next step (documents)',
    unqualified: 'explains why the lead does not qualify',
    goodbye: 'says goodbye: the lead asked to stop',
    takeOver: 'introduces the consultant',
    nothingPending: 'nothing pending: offers help',
    optOut: 'The lead asked for no more messages.',
    askedHuman: 'The lead asked for a person: a call settles it faster.',
    complained: 'The lead complained: a call settles it faster.',
    openQuestion: 'A question the knowledge base cannot answer: “{question}”.',
    missing: 'Still missing for the analysis: {fields}.',
    notEligible: 'Does not qualify: {reason}.',
    sendSimulation: 'Qualified (score {score}) and the simulation was not sent yet.',
    requestDocuments: 'Qualified and the simulation was sent: next is the credit analysis.',
    activeLead: 'The lead is active now: get back within these business hours.',
    nextMorning: 'The lead is not active or the day is over: get back the next business morning.',
    reasons: {
      CPF_INVALID: 'invalid CPF',
      INCOME_BELOW_MINIMUM: 'income below the minimum',
      VALUE_BELOW_MINIMUM: 'value below the minimum',
      VALUE_ABOVE_MAXIMUM: 'value above the maximum',
      DOWN_PAYMENT_TOO_LOW: 'down payment below the minimum',
      DOWN_PAYMENT_NOT_BELOW_VALUE: 'the down payment covers the whole value',
      STATE_NOT_SERVED: 'state not served',
      INSTALLMENT_TOO_HIGH: 'installment above the income limit',
    },
    and: ' and ',
  },
};
