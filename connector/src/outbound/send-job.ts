import { JOB_NAMES, QUEUES, type OutboundJob } from '@leadwire/platform/queues';
import { isPnUser } from '@whiskeysockets/baileys';
import { z } from 'zod';

/** The BullMQ queue the messaging subgraph fills and the connector drains. */
export const OUTBOUND_QUEUE = QUEUES.outbound;
export const SEND_JOB = JOB_NAMES.outbound;

/**
 * What a `send` job carries (the platform's `OutboundJob`; its job id is
 * `messageId`), checked on arrival: Redis is not a place to trust.
 */
export const sendJobSchema = z.object({
  messageId: z.string().min(1).max(128),
  workspaceId: z.string().min(1).max(128),
  sessionId: z.string().min(1).max(40),
  remoteJid: z.string().refine((jid) => isPnUser(jid) === true, 'is not a phone JID (…@s.whatsapp.net)'),
  // WhatsApp's key id: it makes a re-send the same message, so it must be there.
  waMessageId: z.string().min(1).max(128),
  type: z.literal('TEXT'),
  body: z
    .string()
    .max(4096)
    .refine((b) => b.trim().length > 0, 'is empty'),
  correlationId: z.string().max(128).optional(),
});

export type SendJob = z.infer<typeof sendJobSchema>;

// The schema accepts every job the platform makes: a type error here means they drifted apart.
const _accepts: (job: OutboundJob) => SendJob = (job) => job;
void _accepts;
