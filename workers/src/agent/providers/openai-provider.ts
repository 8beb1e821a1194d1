import type { Logger } from '@leadwire/platform';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { z } from 'zod';
import type { AgentProvider, UnderstandContext, Understanding } from '../types.ts';
import type { OpenAiConfig } from './openai-config.ts';
import { buildSystemPrompt, readPromptConfig, type PromptConfig } from './openai-prompt.ts';
import { fromReply, replySchema, understandingSchema } from './openai-schema.ts';

export type ReplyProblem = 'empty' | 'refused' | 'truncated' | 'not-json' | 'off-schema';

/**
 * The server answered, but not with a usable reading. The message names the
 * problem and, for off-schema replies, the paths at fault: never the content,
 * which carries what the lead wrote.
 */
export class ProviderReplyError extends Error {
  override readonly name = 'ProviderReplyError';
  constructor(readonly problem: ReplyProblem, detail?: string) {
    super(detail ? `openai reply ${problem}: ${detail}` : `openai reply ${problem}`);
  }
}

const offSchema = (error: z.ZodError) =>
  new ProviderReplyError('off-schema', [...new Set(error.issues.map((i) => i.path.join('.') || '(root)'))].join(', '));

export interface OpenAiProviderOptions extends OpenAiConfig {
  /** Partial override of how the prompt asks to read a message; defaults fill the rest. The guardrails come with each message (the workspace's settings). */
  prompt?: unknown;
  log?: Logger;
  /** Backstop only: the caller's deadline normally aborts far sooner. */
  requestTimeoutMs?: number;
}

export interface OpenAiProvider extends AgentProvider {
  /** The Chat Completions request `understand` would send (tests and debugging). */
  buildRequest(text: string, ctx: UnderstandContext): ChatCompletionCreateParamsNonStreaming;
}

/**
 * Understands a lead's message with any OpenAI-compatible Chat Completions
 * endpoint. The reply is validated strictly: anything malformed or off-schema
 * throws, so the caller answers from the rules provider instead.
 */
export function createOpenAiProvider(opts: OpenAiProviderOptions): OpenAiProvider {
  const prompt: PromptConfig = readPromptConfig(opts.prompt ?? {});
  const client = new OpenAI({
    baseURL: opts.baseURL,
    // Local servers (Ollama, vLLM) need no key, but the SDK insists on one.
    apiKey: opts.apiKey ?? 'no-key',
    // Retrying is the circuit breaker's decision, within the caller's deadline.
    maxRetries: 0,
    timeout: opts.requestTimeoutMs ?? 30_000,
  });

  function prepare(text: string, ctx: UnderstandContext) {
    // Per message: the FAQ ids the model may name are this workspace's.
    const schema = replySchema(ctx.knowledgeBase);
    const format = zodResponseFormat(schema, 'understanding');
    const strict = opts.responseFormat === 'json_schema';
    const request: ChatCompletionCreateParamsNonStreaming = {
      model: opts.model,
      messages: [
        { role: 'system', content: buildSystemPrompt(prompt, ctx, strict ? undefined : format.json_schema.schema) },
        { role: 'user', content: text },
      ],
      response_format: strict ? { type: 'json_schema', json_schema: format.json_schema } : { type: 'json_object' },
      ...(opts.temperature === null ? {} : { temperature: opts.temperature }),
    };
    return { schema, request };
  }

  return {
    name: 'openai',
    buildRequest: (text, ctx) => prepare(text, ctx).request,
    async understand(text: string, ctx: UnderstandContext, signal?: AbortSignal): Promise<Understanding> {
      const started = performance.now();
      const { schema, request } = prepare(text, ctx);
      const completion = await client.chat.completions.create(request, { signal });
      const choice = completion.choices?.[0];
      if (!choice) throw new ProviderReplyError('empty');
      if (choice.message.refusal) throw new ProviderReplyError('refused');
      if (choice.finish_reason === 'length' || choice.finish_reason === 'content_filter') throw new ProviderReplyError('truncated', choice.finish_reason);
      const content = choice.message.content;
      if (!content?.trim()) throw new ProviderReplyError('empty');
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch {
        // JSON.parse's message quotes the content: dropped on purpose.
        throw new ProviderReplyError('not-json');
      }
      const reply = schema.safeParse(json);
      if (!reply.success) throw offSchema(reply.error);
      const parsed = understandingSchema.safeParse(fromReply(reply.data));
      if (!parsed.success) throw offSchema(parsed.error);
      const understanding = parsed.data;
      opts.log?.debug(
        { provider: 'openai', model: opts.model, ms: Math.round(performance.now() - started), tokens: completion.usage?.total_tokens },
        'message understood',
      );
      return understanding;
    },
  };
}
