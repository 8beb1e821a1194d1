import type { Sentiment } from '../../types.ts';
import { fold, hasPhrase, phraseRegExp } from './text.ts';

// What the lead wants besides giving information. Each list is phrases matched
// as whole words on folded text; a short message that is only "pare"/"stop"/
// "sair" is an opt-out, but "quero sair do aluguel" is not.

const OPT_OUT_ALONE = /^\W*(?:pare|parar|para|sair|stop|cancelar|cancela|chega|unsubscribe|remover|descadastrar|basta)\W*$/;
const OPT_OUT = phraseRegExp([
  'pare de me mandar', 'para de me mandar', 'parem de me mandar', 'pare de mandar', 'para de mandar', 'pare de me enviar', 'para de me enviar',
  'pare com as mensagens', 'parar de receber', 'nao quero receber', 'nao quero mais receber', 'nao me mande', 'nao me mandem', 'nao me envie',
  'me tira da lista', 'me tire da lista', 'me tirem da lista', 'me tira dessa lista', 'me tire dessa lista', 'tirar meu numero', 'remover meu numero',
  'remove meu numero', 'me remove', 'me remova', 'me descadastra', 'me descadastre', 'descadastrar', 'nao tenho mais interesse',
  'perdi o interesse', 'sair da lista', 'me deixa em paz', 'me deixe em paz', 'nao entre mais em contato', 'nao quero mais contato', 'unsubscribe', 'opt out', 'opt-out',
  "don't message me", 'dont message me', 'do not message me', "don't text me", 'dont text me', 'do not text me', "don't contact me", 'dont contact me',
  'do not contact me', 'stop messaging', 'stop texting', 'stop sending', 'stop contacting', 'remove me', 'take me off', 'leave me alone',
  'not interested anymore', 'no longer interested',
]);
/** "não quero mais" ends a conversation only when nothing follows it ("não quero mais pagar aluguel" does not). */
const NO_MORE = /\b(?:nao quero mais|nao quero nao|nao tenho interesse|desisto|desisti|i give up|not interested)\s*(?:[.!,]|obrigad[oa]|valeu|thanks|$)/;
const STOP_WORD = /(?:^|[\s,.!])(?:stop|pare|parar|sair)(?:[\s,.!]|$)/;

const ASKS_HUMAN = phraseRegExp([
  'atendente', 'atendimento humano', 'falar com uma pessoa', 'falar com alguem', 'falar com um humano', 'falar com humano', 'pessoa de verdade',
  'pessoa real', 'ser humano', 'falar com um consultor', 'falar com o consultor', 'falar com consultor', 'falar com um corretor', 'falar com o corretor',
  'falar com um gerente', 'falar com o gerente', 'falar com um especialista', 'falar com o responsavel', 'quero um humano', 'me liga', 'me ligue',
  'pode me ligar', 'me ligar', 'nao quero falar com robo', 'nao quero falar com maquina', 'chama alguem', 'me transfere',
  'human', 'real person', 'a person', 'talk to someone', 'speak to someone', 'talk to somebody', 'speak with someone', 'talk to an agent',
  'speak to an agent', 'talk to a consultant', 'speak to a consultant', 'talk to a representative', 'representative', 'operator', 'call me back',
  'give me a call', 'can someone call me', 'can you call me',
  'customer service', 'live agent', 'not a bot', 'not a robot',
]);
const COMPLAINS = phraseRegExp([
  'pessimo', 'pessima', 'horrivel', 'golpe', 'golpista', 'fraude', 'absurdo', 'absurda', 'ridiculo', 'ridicula', 'palhacada', 'lixo', 'vergonha',
  'enganacao', 'enganando', 'mentira', 'mentiroso', 'procon', 'reclame aqui', 'reclamacao', 'reclamar', 'vou processar', 'descaso',
  'que demora', 'demora demais', 'irritado', 'irritada', 'revoltado', 'revoltada', 'nao aguento mais esse', 'robo burro', 'inutil', 'porcaria',
  'scam', 'fraud', 'ridiculous', 'terrible', 'awful', 'worst', 'useless', 'waste of time', 'this is a joke', 'are you kidding', 'pathetic', 'rip off',
  'ripoff', 'stupid', 'horrible', 'disgusting', 'unacceptable', 'complaint', 'i am angry', "i'm angry", 'so annoying',
]);
const GREETS = /^\W*(?:oi+|ola|ole|opa|oie|eai|e ai|bom dia|boa tarde|boa noite|hello|hi|hey|hiya|good (?:morning|afternoon|evening)|tudo bem|tudo bom|salve|alo)\b/;
const THANKS = phraseRegExp(['obrigado', 'obrigada', 'brigado', 'brigada', 'valeu', 'vlw', 'agradeco', 'thanks', 'thank you', 'thx', 'muito obrigado', 'grato', 'grata']);
const POSITIVE = phraseRegExp(['otimo', 'otima', 'perfeito', 'legal', 'maravilha', 'excelente', 'show', 'top', 'adorei', 'great', 'perfect', 'awesome', 'excellent', 'nice', 'love', 'amazing', 'wonderful']);
const NEGATIVE = phraseRegExp(['ruim', 'chato', 'chateado', 'chateada', 'triste', 'raiva', 'nervoso', 'cansado', 'demora', 'bad', 'annoyed', 'upset', 'sad', 'angry', 'frustrated', 'disappointed']);

export function isOptOut(text: string): boolean {
  const f = fold(text).trim();
  if (hasPhrase(f, OPT_OUT) || NO_MORE.test(f)) return true;
  // "pare" / "sair" / "stop" as a sentence of its own: "hmm deixa pra lá. sair".
  if (f.split(/[.!?,;\n]+/).some((sentence) => OPT_OUT_ALONE.test(sentence.trim()))) return true;
  // "STOP" in capitals anywhere, as the SMS convention.
  return /(?:^|\W)STOP(?:\W|$)/.test(text) || (f.split(/\s+/).length <= 4 && STOP_WORD.test(f) && !/\b(?:de|do|da|pra|para)\b/.test(f));
}

export const asksForHuman = (text: string) => hasPhrase(fold(text), ASKS_HUMAN);
export const complains = (text: string) => hasPhrase(fold(text), COMPLAINS);
export const greets = (text: string) => GREETS.test(fold(text).trim()) || hasPhrase(fold(text), THANKS);

export function sentimentOf(text: string): Sentiment {
  const f = fold(text);
  if (complains(text) || hasPhrase(f, NEGATIVE) || /[😡🤬😠😤👎]/u.test(text)) return 'NEGATIVE';
  if (hasPhrase(f, POSITIVE) || hasPhrase(f, THANKS) || /[😀😃😄😁😊🙂😍👍🙏❤]/u.test(text)) return 'POSITIVE';
  return 'NEUTRAL';
}
