import type { AgentConfig } from '@leadwire/agent-config';
import type { Logger, ServiceRequest } from '@leadwire/platform';
import { zAgentState } from '../agent/agent-state.ts';
import type { AgentState } from '../agent/types.ts';
import { generateSuggestions, type SuggestionOptions } from './generate-suggestions.ts';
import { createSuggestionOperations, type SuggestionOperations } from './suggestion-operations.ts';

export interface SuggestDeps {
  ops: SuggestionOperations;
  log: Logger;
  options?: SuggestionOptions;
  /** The workspace's agent settings (knowledge base, templates, rules); `options.config` when unset. */
  settings?: () => Promise<AgentConfig>;
  now?: () => Date;
}

/**
 * Makes sure the newest lead message of a thread a person has comes with
 * suggestions for them. Safe to call on any thread, as often as wanted: open
 * threads are the agent's, closed or opted-out ones get nothing, and the
 * messaging subgraph stores one set per lead message (a retry stores nothing,
 * a set for an older message than one stored is dropped).
 */
export async function ensureSuggestions(conversationId: string, deps: SuggestDeps) {
  const thread = await deps.ops.context(conversationId);
  if (!thread || thread.status !== 'HANDED_OFF' || thread.optedOutAt) return null;
  const parsed = zAgentState.safeParse(thread.agentState.agent);
  // A thread a consultant took over before the agent spoke has no state; a corrupt one is read as none rather than steer the drafts.
  if (!parsed.success && thread.agentState.agent !== undefined) deps.log.warn({ conversationId }, 'agent state unreadable; suggesting without it');
  const state: AgentState | null = parsed.success ? parsed.data : null;
  const set = await generateSuggestions(
    { conversationId, state, messages: thread.messages, now: deps.now?.() ?? new Date() },
    {
      ...deps.options,
      config: (await deps.settings?.()) ?? deps.options?.config,
      onFallback: (what, err) => {
        deps.options?.onFallback?.(what, err);
        deps.log.warn({ conversationId, what, err: String(err) }, 'suggestions fell back to rules');
      },
    },
  );
  if (!set) return null;
  const stored = await deps.ops.create({ conversationId, sourceMessageId: set.sourceMessageId, provider: set.provider, suggestions: set.drafts });
  deps.log.info({ conversationId, sourceMessageId: set.sourceMessageId, kinds: stored.map((s) => s.kind), provider: set.provider }, 'suggestions ready');
  return stored;
}

/** The qualification worker's hook: suggestions for one job's workspace. */
export function createSuggester(opts: {
  request: ServiceRequest;
  workspaceId: string;
  log: Logger;
  options?: SuggestionOptions;
  settings?: () => Promise<AgentConfig>;
}) {
  const ops = createSuggestionOperations(opts.request, opts.workspaceId);
  return (conversationId: string) => ensureSuggestions(conversationId, { ops, log: opts.log, options: opts.options, settings: opts.settings });
}
