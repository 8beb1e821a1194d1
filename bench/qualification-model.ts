// The "model" behind the bench's OpenAI-compatible server: it reads each
// message as the rules provider would, from the context block of the prompt
// the openai provider sent, so a conversation goes the same way with either
// provider and only the model's latency differs. (The server's own plausible
// reading never names a product, and leads would stall at the first question.)
import { readMessage } from '../workers/src/agent/providers/rules-provider.ts';
import type { UnderstandContext } from '../workers/src/agent/types.ts';
import type { RecordedRequest, WireReply } from '../workers/src/testing/openai-compatible-server.ts';

const CONTEXT = /\n## Conversation so far\n(\{.*\})/;

export function rulesLikeReply(req: RecordedRequest): WireReply {
  const block = CONTEXT.exec(req.systemPrompt)?.[1];
  const context = block ? (JSON.parse(block) as Partial<UnderstandContext>) : {};
  const ctx: UnderstandContext = {
    lang: context.lang ?? null,
    expecting: context.expecting ?? null,
    known: context.known ?? {},
    lastRecorded: context.lastRecorded ?? [],
    knowledgeBase: [],
    // The rules reader is told no guardrails; the policy enforces them.
    guardrails: '',
  };
  const u = readMessage(req.userText, ctx);
  return { lang: u.lang, intents: u.intents, sentiment: u.sentiment, fields: u.fields, faqId: null, confidence: u.confidence };
}
