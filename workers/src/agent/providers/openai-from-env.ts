import type { Logger } from '@leadwire/platform';
import { createCircuitBreaker } from '../resilience/circuit-breaker.ts';
import { guardProvider, type GuardedProvider } from '../resilience/resilient-provider.ts';
import { openAiConfigured, readOpenAiConfig } from './openai-config.ts';
import { createOpenAiProvider } from './openai-provider.ts';

/**
 * The openai provider the environment asks for, under its deadline and
 * circuit breaker, or null when no endpoint or key is set. It throws instead
 * of answering late or malformed: the agent's provider chain then asks rules.
 * Build it once per process: the breaker is what remembers an outage.
 */
export function openAiProviderFromEnv(env: Record<string, string | undefined> = process.env, log?: Logger): GuardedProvider | null {
  if (!openAiConfigured(env)) return null;
  const settings = readOpenAiConfig(env);
  const breaker = createCircuitBreaker(settings.breaker);
  breaker.onStateChange((state) => log?.info({ provider: 'openai', state }, `circuit ${state}`));
  return guardProvider({ primary: createOpenAiProvider({ ...settings, log }), deadlineMs: settings.deadlineMs, breaker, log });
}
