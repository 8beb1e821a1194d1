import type { AgentProvider } from '../types.ts';
import { openAiProviderFromEnv } from './openai-from-env.ts';
import { rulesProvider } from './rules-provider.ts';

/**
 * The providers the agent asks, first to last; `rules` is always the last
 * resort. Other providers (openai) are added here when their settings are in `env`.
 */
export function configuredProviders(env: Record<string, string | undefined> = process.env): AgentProvider[] {
  const openai = openAiProviderFromEnv(env);
  return openai ? [openai, rulesProvider] : [rulesProvider];
}

export { rulesProvider };
