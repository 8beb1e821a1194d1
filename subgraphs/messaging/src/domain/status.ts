import type { MessageStatus, Prisma } from '../generated/prisma/client.ts';

/**
 * WhatsApp receipts arrive out of order and more than once, so a status only
 * moves forward: QUEUED → SENT → DELIVERED → READ, and FAILED only before
 * delivery. Anything else is a stale receipt and is ignored.
 */
const FROM: Record<MessageStatus, MessageStatus[]> = {
  QUEUED: [],
  SENT: ['QUEUED'],
  DELIVERED: ['QUEUED', 'SENT'],
  READ: ['QUEUED', 'SENT', 'DELIVERED'],
  FAILED: ['QUEUED', 'SENT'],
};

export const allowedFrom = (to: MessageStatus): MessageStatus[] => FROM[to];

/** The columns a forward move sets; earlier timestamps are filled when a receipt was skipped. */
export function statusChange(
  current: { sentAt: Date | null; deliveredAt: Date | null; readAt: Date | null },
  to: MessageStatus,
  error: string | null | undefined,
  now = new Date(),
): Prisma.MessageUpdateInput {
  const data: Prisma.MessageUpdateInput = { status: to };
  if (to === 'FAILED') {
    data.error = error ?? 'unknown error';
    return data;
  }
  data.sentAt = current.sentAt ?? now;
  if (to === 'DELIVERED' || to === 'READ') data.deliveredAt = current.deliveredAt ?? now;
  if (to === 'READ') data.readAt = current.readAt ?? now;
  return data;
}
