/**
 * The BullMQ queues between processes and what their jobs carry. The messaging
 * subgraph records a job with the message that causes it and relays it here;
 * job ids are message ids, so a job handed over twice is one job.
 */
export const QUEUES = {
  /** A lead's new inbound message, for the AI qualification agent. */
  qualification: 'qualification',
  /** A message to send through a WhatsApp session. */
  outbound: 'outbound',
} as const;

/** The name each queue's jobs carry (consumers refuse jobs they do not know). */
export const JOB_NAMES: Record<keyof typeof QUEUES, string> = { qualification: 'qualify', outbound: 'send' };

export interface QualificationJob {
  messageId: string;
  workspaceId: string;
  leadId: string;
  conversationId: string | null;
  correlationId: string;
}

export interface OutboundJob {
  messageId: string;
  workspaceId: string;
  sessionId: string;
  remoteJid: string;
  waMessageId: string;
  type: 'TEXT';
  body: string;
  correlationId: string;
}
