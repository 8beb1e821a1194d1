import type { FaqEntry } from '../../types.ts';
import { fold, hasPhrase, phraseRegExp } from './text.ts';

const INTERROGATIVE = /^\W*(?:(?:oi|ola|bom dia|boa tarde|boa noite|hi|hello|hey)\W+)?(?:qual|quais|quanto|quanta|quantos|quantas|como|quando|onde|posso|pode|podem|preciso|precisa|tem como|existe|existem|voces|vcs|e possivel|da pra|da para|aceita|aceitam|funciona|o que|gostaria de saber|queria saber|quero saber|me explica|me explique|me fala|duvida|sabe|what|which|how|when|where|can|could|do|does|is|are|will|would|should|may|tell me|i'd like to know|i want to know|explain|any)\b/;
const TOPIC = phraseRegExp([
  'financiamento', 'financiar', 'financia', 'financiam', 'juros', 'taxa', 'taxas', 'parcela', 'parcelas', 'prestacao', 'entrada', 'fgts', 'documento',
  'documentos', 'aprovacao', 'aprovado', 'aprovar', 'credito', 'simulacao', 'simular', 'prazo', 'banco', 'sac', 'price', 'imovel', 'imoveis', 'carro',
  'veiculo', 'moto', 'consorcio', 'score', 'nome sujo', 'negativado', 'restricao', 'cpf', 'renda', 'comprovante', 'seguro', 'itbi', 'escritura',
  'avaliacao', 'planta', 'usado', 'seminovo', 'portabilidade', 'amortizar', 'amortizacao', 'contrato', 'assinatura', 'cartorio', 'garantia',
  'loan', 'mortgage', 'interest', 'rate', 'installment', 'installments', 'payment', 'payments', 'down payment', 'approval', 'approved', 'credit',
  'documents', 'term', 'bank', 'insurance', 'financing', 'finance', 'property', 'house', 'car', 'vehicle', 'deposit', 'contract', 'fees', 'fee',
]);

/** Questions that are manners, not requests for information: "tudo bem?", "pode me ajudar?". */
const SMALL_TALK = /^\W*(?:(?:oi+|ola|opa|eae|e ai|bom dia|boa tarde|boa noite|hi|hello|hey)\W+)*(?:tudo (?:bem|bom|certo|joia|tranquilo)|td bem|como vai|como (?:voce )?esta|blz|beleza|(?:vc|voce|voces|vcs) (?:consegue|pode|podem|poderia|poderiam) me ajudar|(?:pode|podem|poderia) me ajudar|alguem (?:ai|pode)|how are you|how's it going|can you help(?: me)?|could you help(?: me)?|are you there|anyone there|alguem\W*)\W*$/;

/**
 * The sentences of a message that ask something: a clause ending in "?", or
 * opening with an interrogative when the message gives no information, that
 * is not small talk ("quero um carro, vc pode me ajudar?" asks nothing).
 */
export function questionsIn(text: string, givesInfo: boolean): string[] {
  const sentences = text.split(/(?<=[?!.;\n])\s*/).map((s) => s.trim()).filter(Boolean);
  return sentences.filter((sentence) =>
    sentence
      .split(',')
      .map((clause) => clause.trim())
      .some((clause) => {
        const f = fold(clause);
        if (!f || SMALL_TALK.test(f)) return false;
        return clause.includes('?') || (!givesInfo && INTERROGATIVE.test(f));
      }),
  );
}

/** About financing (a product question), as opposed to small talk or off-topic questions. */
export const isProductTopic = (text: string) => hasPhrase(fold(text), TOPIC);

const compiled = new WeakMap<FaqEntry, Array<{ re: RegExp; weight: number }>>();
function keywordsOf(entry: FaqEntry) {
  let list = compiled.get(entry);
  if (!list) {
    list = entry.keywords.map((k) => ({ re: phraseRegExp([k], ''), weight: k.trim().split(/\s+/).length }));
    compiled.set(entry, list);
  }
  return list;
}

/**
 * The knowledge-base entry a question is about: the most keyword weight wins
 * (a phrase weighs its word count), so "prazo de aprovação" beats "prazo".
 * Entries in the conversation's language are preferred on a tie.
 */
export function matchFaq(text: string, knowledgeBase: readonly FaqEntry[], lang: string | null): string | null {
  const folded = fold(text);
  let best: { id: string; score: number; sameLang: boolean } | null = null;
  for (const entry of knowledgeBase) {
    const score = keywordsOf(entry).reduce((sum, k) => sum + (k.re.test(folded) ? k.weight : 0), 0);
    if (!score) continue;
    const sameLang = entry.lang === lang;
    if (!best || score > best.score || (score === best.score && sameLang && !best.sameLang)) best = { id: entry.id, score, sameLang };
  }
  return best?.id ?? null;
}
