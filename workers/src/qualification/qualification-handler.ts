import type { Logger, QualificationJob, ServiceRequest } from '@leadwire/platform';
import type { SuggestionOptions } from '../suggestions/generate-suggestions.ts';
import { createSuggester } from '../suggestions/suggest-on-thread.ts';
import { createAgentOperations } from './agent-operations.ts';
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
}

/** What qualifying a message means: one agent turn on its thread, as a service of the job's workspace. */
export function createQualificationHandler(opts: QualificationHandlerOptions) {
  return (job: QualificationJob) => {
    const log = opts.log.child({ requestId: job.correlationId, messageId: job.messageId });
    return runQualificationJob(job, {
      ops: createAgentOperations(opts.request, job.workspaceId),
      agent: opts.agent,
      log,
      burstMs: opts.burstMs ?? 1_500,
      agentSessionId: opts.agentSessionId ?? 'agent',
      suggest: opts.suggestions === false ? undefined : createSuggester({ request: opts.request, workspaceId: job.workspaceId, log, options: opts.suggestions }),
    });
  };
}
