import { z } from 'zod';
import { FIELD_NAMES, type Lang } from './vocabulary.ts';

// What the agent says, per language. `{placeholders}` are filled by the
// policy; a workspace can replace any text in its settings.

const zText = z.string().min(1).max(2000);
const perField = z.object(Object.fromEntries(FIELD_NAMES.map((f) => [f, zText])) as Record<(typeof FIELD_NAMES)[number], typeof zText>);

export const zReplyTemplates = z.object({
  greeting: zText,
  ask: perField,
  askStateOf: zText,
  askCityIn: zText,
  recorded: zText,
  updated: zText,
  echo: perField,
  and: z.string().min(1).max(20),
  labels: perField,
  products: z.object({ REAL_ESTATE: zText, VEHICLE: zText }),
  productNames: z.object({ REAL_ESTATE: zText, VEHICLE: zText, unknown: zText }),
  employment: z.object({ EMPLOYED: zText, SELF_EMPLOYED: zText, PUBLIC_SERVANT: zText, BUSINESS_OWNER: zText, RETIRED: zText, UNEMPLOYED: zText, OTHER: zText }),
  timeframe: z.object({ now: zText, one: zText, many: zText }),
  cpfInvalid: zText,
  notUnderstood: zText,
  offTopic: zText,
  faqUnknown: zText,
  handoff: z.object({ ASKED_FOR_HUMAN: zText, COMPLAINT: zText, LOW_CONFIDENCE: zText, NO_PROGRESS: zText, GUARDRAIL: zText }),
  goodbye: zText,
  summaryTitle: zText,
  qualified: zText,
  unqualified: zText,
  reasons: z.object({
    CPF_INVALID: zText, INCOME_BELOW_MINIMUM: zText, VALUE_BELOW_MINIMUM: zText, VALUE_ABOVE_MAXIMUM: zText,
    DOWN_PAYMENT_TOO_LOW: zText, DOWN_PAYMENT_NOT_BELOW_VALUE: zText, STATE_NOT_SERVED: zText, INSTALLMENT_TOO_HIGH: zText,
  }),
  acknowledge: zText,
});
export type ReplyTemplates = z.infer<typeof zReplyTemplates>;

const pt: ReplyTemplates = {
  greeting: 'Olá! Sou o assistente virtual de financiamento. Vou fazer algumas perguntas rápidas para ver as condições para você.',
  ask: {
    product: 'Você quer financiar um imóvel ou um veículo?',
    name: 'Qual é o seu nome completo?',
    city: 'Em qual cidade e estado você mora?',
    state: 'Em qual estado você mora?',
    income: 'Qual é a sua renda mensal?',
    value: 'Qual é o valor aproximado do {productName}?',
    downPayment: 'Quanto você tem para dar de entrada?',
    cpf: 'Qual é o seu CPF? (só os 11 números já bastam)',
    employment: 'Qual é a sua ocupação: CLT, autônomo, servidor público, empresário, aposentado ou sem emprego no momento?',
    timeframeMonths: 'Para quando você pretende fazer a compra?',
  },
  askStateOf: 'Em qual estado fica {city}?',
  askCityIn: 'E em qual cidade de {state} você mora?',
  recorded: 'Anotei {items}.',
  updated: 'Corrigido: {items}.',
  echo: {
    name: 'seu nome, {value}',
    cpf: 'seu CPF {value}',
    income: 'sua renda mensal de {value}',
    product: 'que você quer financiar {value}',
    value: 'o valor de {value}',
    downPayment: 'a entrada de {value}',
    city: 'a cidade {value}',
    state: 'o estado {value}',
    employment: 'sua ocupação: {value}',
    timeframeMonths: 'a compra {value}',
  },
  and: ' e ',
  labels: {
    name: 'Nome', cpf: 'CPF', income: 'Renda mensal', product: 'Financiamento', value: 'Valor', downPayment: 'Entrada',
    city: 'Cidade', state: 'Estado', employment: 'Ocupação', timeframeMonths: 'Compra',
  },
  products: { REAL_ESTATE: 'um imóvel', VEHICLE: 'um veículo' },
  productNames: { REAL_ESTATE: 'imóvel', VEHICLE: 'veículo', unknown: 'bem' },
  employment: {
    EMPLOYED: 'CLT / carteira assinada', SELF_EMPLOYED: 'autônomo', PUBLIC_SERVANT: 'servidor público', BUSINESS_OWNER: 'empresário',
    RETIRED: 'aposentado', UNEMPLOYED: 'sem emprego no momento', OTHER: 'outra',
  },
  timeframe: { now: 'o quanto antes', one: 'no mês que vem', many: 'em {n} meses' },
  cpfInvalid: 'Esse CPF não parece válido. Pode conferir e me enviar de novo os 11 números?',
  notUnderstood: 'Desculpe, não entendi.',
  offTopic: 'Por aqui eu só consigo ajudar com o seu financiamento.',
  faqUnknown: 'Essa eu não sei responder com certeza, então vou repassar sua pergunta a um consultor, que vai te responder.',
  handoff: {
    ASKED_FOR_HUMAN: 'Claro! Vou chamar um consultor para continuar o atendimento com você. É só aguardar um pouco.',
    COMPLAINT: 'Sinto muito pela experiência. Um consultor vai assumir a conversa agora para te ajudar.',
    LOW_CONFIDENCE: 'Quero ter certeza de que vou te ajudar direito: um consultor vai continuar a conversa com você.',
    NO_PROGRESS: 'Acho que não estou conseguindo te ajudar por aqui. Um consultor vai continuar a conversa com você.',
    GUARDRAIL: 'Para continuar com segurança, um consultor vai assumir a conversa com você em instantes.',
  },
  goodbye: 'Tudo bem, não vamos mais enviar mensagens. Se mudar de ideia, é só chamar. Até mais!',
  summaryTitle: 'Resumo do que anotei:',
  qualified:
    'Boa notícia, {firstName}! Com essas informações, seu financiamento de {productName} está pré-aprovado para análise.\n\n{summary}\n\n' +
    'Simulação: financiando {financed} em {term} meses, com taxa de {rate} ao ano:\n• Tabela Price: {price} por mês\n• SAC: primeira parcela de {sacFirst}, caindo até {sacLast}\n\n' +
    'Seu protocolo é {protocol}. Um consultor vai entrar em contato para os próximos passos.',
  unqualified:
    '{firstName}, obrigado pelas informações.\n\n{summary}\n\nInfelizmente, no momento não conseguimos seguir com o financiamento: {reason}. ' +
    'Se algum dado estiver errado, é só me corrigir que eu refaço a análise.',
  reasons: {
    CPF_INVALID: 'o CPF informado não é válido',
    INCOME_BELOW_MINIMUM: 'a renda mínima para financiamento de {productName} é de {minIncome}',
    VALUE_BELOW_MINIMUM: 'o valor mínimo para financiamento de {productName} é de {minValue}',
    VALUE_ABOVE_MAXIMUM: 'o valor máximo para financiamento de {productName} é de {maxValue}',
    DOWN_PAYMENT_TOO_LOW: 'a entrada mínima é de {minDownShare} do valor, ou seja, {minDown}',
    DOWN_PAYMENT_NOT_BELOW_VALUE: 'a entrada cobre o valor todo, então não há o que financiar',
    STATE_NOT_SERVED: 'ainda não atendemos financiamento de {productName} em {state}',
    INSTALLMENT_TOO_HIGH: 'a primeira parcela ({sacFirst}) passaria de {maxShare} da sua renda ({maxInstallment})',
  },
  acknowledge: 'Por nada! Se quiser corrigir algum dado ou tiver alguma dúvida, é só me chamar.',
};

const en: ReplyTemplates = {
  greeting: "Hello! I'm the virtual financing assistant. I'll ask a few quick questions to see what we can offer you.",
  ask: {
    product: 'Would you like to finance a property or a vehicle?',
    name: 'What is your full name?',
    city: 'Which city and state do you live in?',
    state: 'Which state do you live in?',
    income: 'What is your monthly income?',
    value: 'What is the approximate value of the {productName}?',
    downPayment: 'How much do you have for the down payment?',
    cpf: 'What is your CPF? (the 11 digits are enough)',
    employment: 'What is your occupation: employed, self-employed, public servant, business owner, retired or currently unemployed?',
    timeframeMonths: 'When are you planning to buy?',
  },
  askStateOf: 'Which state is {city} in?',
  askCityIn: 'And which city in {state} do you live in?',
  recorded: 'Noted {items}.',
  updated: 'Updated: {items}.',
  echo: {
    name: 'your name, {value}',
    cpf: 'your CPF {value}',
    income: 'your monthly income of {value}',
    product: 'that you want to finance {value}',
    value: 'the value of {value}',
    downPayment: 'a down payment of {value}',
    city: 'the city {value}',
    state: 'the state {value}',
    employment: 'your occupation: {value}',
    timeframeMonths: 'buying {value}',
  },
  and: ' and ',
  labels: {
    name: 'Name', cpf: 'CPF', income: 'Monthly income', product: 'Financing', value: 'Value', downPayment: 'Down payment',
    city: 'City', state: 'State', employment: 'Occupation', timeframeMonths: 'Purchase',
  },
  products: { REAL_ESTATE: 'a property', VEHICLE: 'a vehicle' },
  productNames: { REAL_ESTATE: 'property', VEHICLE: 'vehicle', unknown: 'purchase' },
  employment: {
    EMPLOYED: 'employed', SELF_EMPLOYED: 'self-employed', PUBLIC_SERVANT: 'public servant', BUSINESS_OWNER: 'business owner',
    RETIRED: 'retired', UNEMPLOYED: 'currently unemployed', OTHER: 'other',
  },
  timeframe: { now: 'as soon as possible', one: 'next month', many: 'in {n} months' },
  cpfInvalid: "That CPF doesn't look valid. Could you check it and send the 11 digits again?",
  notUnderstood: "Sorry, I didn't get that.",
  offTopic: 'Here I can only help with your financing.',
  faqUnknown: "I can't answer that for sure, so I'll pass your question on to a consultant, who will get back to you.",
  handoff: {
    ASKED_FOR_HUMAN: "Of course! I'll bring in a consultant to continue with you. Please hold on a moment.",
    COMPLAINT: "I'm sorry about your experience. A consultant will take over the conversation now to help you.",
    LOW_CONFIDENCE: "I want to be sure I help you properly: a consultant will continue the conversation with you.",
    NO_PROGRESS: "It seems I can't help you well here. A consultant will continue the conversation with you.",
    GUARDRAIL: 'To continue safely, a consultant will take over the conversation with you shortly.',
  },
  goodbye: "All right, we won't send you any more messages. If you change your mind, just write to us. Goodbye!",
  summaryTitle: "Here's what I noted:",
  qualified:
    'Good news, {firstName}! With this information your {productName} financing is pre-approved for analysis.\n\n{summary}\n\n' +
    'Simulation: financing {financed} over {term} months at {rate} a year:\n• Price table: {price} a month\n• SAC: first installment of {sacFirst}, falling to {sacLast}\n\n' +
    'Your protocol number is {protocol}. A consultant will contact you about the next steps.',
  unqualified:
    '{firstName}, thank you for the information.\n\n{summary}\n\nUnfortunately we cannot go ahead with the financing right now: {reason}. ' +
    'If anything here is wrong, just correct me and I will check again.',
  reasons: {
    CPF_INVALID: 'the CPF given is not valid',
    INCOME_BELOW_MINIMUM: 'the minimum income for {productName} financing is {minIncome}',
    VALUE_BELOW_MINIMUM: 'the minimum value for {productName} financing is {minValue}',
    VALUE_ABOVE_MAXIMUM: 'the maximum value for {productName} financing is {maxValue}',
    DOWN_PAYMENT_TOO_LOW: 'the minimum down payment is {minDownShare} of the value, that is {minDown}',
    DOWN_PAYMENT_NOT_BELOW_VALUE: 'the down payment covers the whole value, so there is nothing to finance',
    STATE_NOT_SERVED: "we don't offer {productName} financing in {state} yet",
    INSTALLMENT_TOO_HIGH: 'the first installment ({sacFirst}) would be more than {maxShare} of your income ({maxInstallment})',
  },
  acknowledge: "You're welcome! If you want to correct anything or have a question, just message me.",
};

export const DEFAULT_REPLY_TEMPLATES: Record<Lang, ReplyTemplates> = { pt, en };
