import type { FaqEntry } from './vocabulary.ts';

// The default knowledge base: the only source of the agent's answers to
// product questions. `{rate.REAL_ESTATE}`-style placeholders are filled from
// the workspace's product rules, so an answer never contradicts them.
export const DEFAULT_KNOWLEDGE_BASE: FaqEntry[] = [
  {
    id: 'interest-rate', lang: 'pt', question: 'Qual a taxa de juros?',
    answer: 'A taxa de referência é {rate.REAL_ESTATE} ao ano para imóveis e {rate.VEHICLE} ao ano para veículos. A taxa final depende da análise de crédito.',
    keywords: ['juros', 'taxa', 'taxa de juros', 'taxas', 'cet', 'custo efetivo'],
  },
  {
    id: 'interest-rate', lang: 'en', question: 'What is the interest rate?',
    answer: 'The reference rate is {rate.REAL_ESTATE} a year for property and {rate.VEHICLE} a year for vehicles. The final rate depends on the credit analysis.',
    keywords: ['interest', 'rate', 'interest rate', 'rates', 'apr'],
  },
  {
    id: 'fgts', lang: 'pt', question: 'Posso usar o FGTS?',
    answer: 'Sim, para imóvel residencial o FGTS pode compor a entrada ou amortizar o financiamento, desde que você cumpra as regras do fundo (entre elas, 3 anos de trabalho com FGTS e não ter outro imóvel na mesma cidade). Para veículos o FGTS não pode ser usado.',
    keywords: ['fgts', 'fundo de garantia'],
  },
  {
    id: 'fgts', lang: 'en', question: 'Can I use my FGTS?',
    answer: 'Yes, for a residential property your FGTS can go towards the down payment or pay down the loan, if you meet the fund’s rules (among them, 3 years of work under FGTS and no other property in the same city). FGTS cannot be used for vehicles.',
    keywords: ['fgts', 'severance fund', 'guarantee fund'],
  },
  {
    id: 'documents', lang: 'pt', question: 'Quais documentos preciso?',
    answer: 'Para a análise: documento com foto (RG ou CNH), CPF, comprovante de residência, comprovante de renda dos últimos 3 meses (holerites, extratos ou declaração do IR) e certidão de estado civil.',
    keywords: ['documentos', 'documento', 'documentacao', 'papelada', 'papeis', 'comprovante', 'comprovantes', 'comprovar renda', 'o que preciso levar', 'o que preciso enviar'],
  },
  {
    id: 'documents', lang: 'en', question: 'What documents do I need?',
    answer: 'For the analysis: a photo ID, your CPF, proof of address, proof of income for the last 3 months (payslips, bank statements or tax return) and a marital status certificate.',
    keywords: ['documents', 'document', 'documentation', 'paperwork', 'papers', 'proof of income', 'what do i need to send', 'what do i need to bring'],
  },
  {
    id: 'approval-time', lang: 'pt', question: 'Quanto tempo demora a aprovação?',
    answer: 'A análise de crédito costuma levar de 2 a 5 dias úteis depois que recebemos todos os documentos.',
    keywords: ['aprovacao', 'aprovar', 'aprovado', 'analise', 'quanto tempo', 'demora', 'prazo de aprovacao', 'quando sai', 'resposta do banco'],
  },
  {
    id: 'approval-time', lang: 'en', question: 'How long does approval take?',
    answer: 'The credit analysis usually takes 2 to 5 business days once we have all the documents.',
    keywords: ['approval', 'approve', 'approved', 'how long does it take', 'how long does approval take', 'how long for approval', 'analysis', 'how soon'],
  },
  {
    id: 'min-down-payment', lang: 'pt', question: 'Qual a entrada mínima?',
    answer: 'A entrada mínima é de {minDown.REAL_ESTATE} do valor do imóvel e {minDown.VEHICLE} do valor do veículo.',
    keywords: ['entrada minima', 'minimo de entrada', 'quanto de entrada', 'valor da entrada', 'preciso dar entrada', 'sem entrada', 'quanto preciso dar', 'porcentagem da entrada'],
  },
  {
    id: 'min-down-payment', lang: 'en', question: 'What is the minimum down payment?',
    answer: 'The minimum down payment is {minDown.REAL_ESTATE} of the property’s value and {minDown.VEHICLE} of the vehicle’s value.',
    keywords: ['minimum down payment', 'minimum deposit', 'how much down', 'how much do i need to put down', 'how much down payment', 'how big a down payment', 'no down payment', 'without a down payment'],
  },
  {
    id: 'sac-vs-price', lang: 'pt', question: 'Qual a diferença entre SAC e Price?',
    answer: 'No SAC a amortização é fixa: as parcelas começam mais altas e diminuem todo mês. Na Tabela Price as parcelas são iguais do começo ao fim, mas o total de juros pago é maior.',
    keywords: ['sac', 'price', 'tabela price', 'amortizacao', 'sistema de amortizacao', 'parcela fixa', 'parcelas fixas', 'parcela decrescente'],
  },
  {
    id: 'sac-vs-price', lang: 'en', question: 'What is the difference between SAC and Price?',
    answer: 'With SAC the amortisation is fixed: installments start higher and fall every month. With the Price table every installment is the same, but you pay more interest in total.',
    keywords: ['sac', 'price table', 'amortization', 'amortisation', 'fixed installments', 'fixed payments'],
  },
  {
    id: 'loan-term', lang: 'pt', question: 'Qual o prazo do financiamento?',
    answer: 'O prazo máximo é de {term.REAL_ESTATE} meses para imóveis e {term.VEHICLE} meses para veículos.',
    keywords: ['prazo', 'prazo maximo', 'quantos meses', 'quantos anos', 'quantas parcelas', 'quantas vezes', 'em quantas vezes', 'prazo do financiamento', 'parcelar', 'quanto tempo posso financiar', 'quanto tempo para pagar'],
  },
  {
    id: 'loan-term', lang: 'en', question: 'What is the loan term?',
    answer: 'The maximum term is {term.REAL_ESTATE} months for property and {term.VEHICLE} months for vehicles.',
    keywords: ['term', 'loan term', 'financing term', 'maximum term', 'how many months', 'how many years', 'how many installments', 'how many payments', 'how long to pay', 'how long can the', 'how long can i'],
  },
];
