import { z } from 'zod';

// Any OpenAI-compatible Chat Completions endpoint: OpenAI itself, Groq, Ollama,
// vLLM... Servers differ in what structured output they accept, so the
// response format is a setting the operator chooses, never guessed per call.
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

const openAiEnvSchema = z.object({
  OPENAI_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  OPENAI_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  OPENAI_MODEL: z.preprocess(emptyAsUndefined, z.string().min(1).default('gpt-4o-mini')),
  /** json_schema (strict structured output) where the server supports it; json_object otherwise. */
  OPENAI_RESPONSE_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['json_schema', 'json_object']).default('json_schema')),
  /** A number, or "omit" for models that refuse the parameter (reasoning models). */
  OPENAI_TEMPERATURE: z.preprocess(emptyAsUndefined, z.union([z.literal('omit'), z.coerce.number().min(0).max(2)]).default(0)),
  /** The model's whole budget per message; past it the rules answer. */
  OPENAI_DEADLINE_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(1500)),
  OPENAI_BREAKER_FAILURES: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(5)),
  OPENAI_BREAKER_COOLDOWN_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(30_000)),
});

export interface OpenAiConfig {
  baseURL?: string;
  apiKey?: string;
  model: string;
  responseFormat: 'json_schema' | 'json_object';
  temperature: number | null;
}

export interface OpenAiSettings extends OpenAiConfig {
  deadlineMs: number;
  breaker: { consecutiveFailures: number; coolDownMs: number };
}

/** True when the environment names an endpoint or a key: the openai provider is wanted. */
export function openAiConfigured(env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(env.OPENAI_BASE_URL || env.OPENAI_API_KEY);
}

export function readOpenAiConfig(env: Record<string, string | undefined> = process.env): OpenAiSettings {
  const parsed = openAiEnvSchema.safeParse(env);
  // Names the variable, never echoes its value (it may be the key).
  if (!parsed.success) throw new Error(`Invalid OpenAI environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  return {
    baseURL: e.OPENAI_BASE_URL,
    apiKey: e.OPENAI_API_KEY,
    model: e.OPENAI_MODEL,
    responseFormat: e.OPENAI_RESPONSE_FORMAT,
    temperature: e.OPENAI_TEMPERATURE === 'omit' ? null : e.OPENAI_TEMPERATURE,
    deadlineMs: e.OPENAI_DEADLINE_MS,
    breaker: { consecutiveFailures: e.OPENAI_BREAKER_FAILURES, coolDownMs: e.OPENAI_BREAKER_COOLDOWN_MS },
  };
}
