import type { Logger, QualificationJob, ServiceRequest } from '@leadwire/platform';
import type { SuggestionOptions } from '../suggestions/generate-suggestions.ts';
import { createSuggester } from '../suggestions/suggest-on-thread.ts';
import { createAgentOperations } from './agent-operations.ts';
import { createAgentSettingsCache, type AgentSettingsCache } from './agent-settings-cache.ts';
import { runQualificationJob, type Agent } from './run-turn.ts';

export interface QualificationHandlerOptions {
  request: ServiceRequest;
  agent: Agent;
  log: Logger;
  /** Default 1.5 s: long enough for the rest of a burst typed on a phone, short enough to feel instant. */
  burstMs?: number;
  /** The AGENT session's id (WHATSAPP_AGENT_SESSION); default `agent`. */
  agentSessionId?: string;
  /** How suggestions for consultants are drafted on threads a person has; false: none. */
  suggestions?: SuggestionOptions | false;
  /** Where each workspace's agent settings come from; by default asked of the router and kept 30 s. */
  settings?: AgentSettingsCache;
}

/** What qualifying a message means: one agent turn on its thread, as a service of the job's workspace, with its settings. */
export function createQualificationHandler(opts: QualificationHandlerOptions) {
  const cache = opts.settings ?? createAgentSettingsCache({ request: opts.request, log: opts.log });
  return (job: QualificationJob) => {
    const log = opts.log.child({ requestId: job.correlationId, messageId: job.messageId });
    const settings = () => cache.get(job.workspaceId);
    return runQualificationJob(job, {
      ops: createAgentOperations(opts.request, job.workspaceId),
      agent: opts.agent,
      settings,
      log,
      burstMs: opts.burstMs ?? 1_500,
      agentSessionId: opts.agentSessionId ?? 'agent',
      suggest:
        opts.suggestions === false
          ? undefined
          : createSuggester({ request: opts.request, workspaceId: job.workspaceId, log, options: opts.suggestions, settings }),
    });
  };
}
