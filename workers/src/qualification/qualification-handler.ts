import type { Logger, QualificationJob, ServiceRequest } from '@leadwire/platform';
import { createAgentOperations } from './agent-operations.ts';
import { runQualificationJob, type Agent } from './run-turn.ts';

export interface QualificationHandlerOptions {
  request: ServiceRequest;
  agent: Agent;
  log: Logger;
  /** Default 1.5 s: long enough for the rest of a burst typed on a phone, short enough to feel instant. */
  burstMs?: number;
}

/** What qualifying a message means: one agent turn on its thread, as a service of the job's workspace. */
export function createQualificationHandler(opts: QualificationHandlerOptions) {
  return (job: QualificationJob) =>
    runQualificationJob(job, {
      ops: createAgentOperations(opts.request, job.workspaceId),
      agent: opts.agent,
      log: opts.log.child({ requestId: job.correlationId, messageId: job.messageId }),
      burstMs: opts.burstMs ?? 1_500,
    });
}
