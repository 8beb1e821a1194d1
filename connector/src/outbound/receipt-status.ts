import { proto } from '@whiskeysockets/baileys';

/** Leadwire's `MessageStatus` (schema/api.graphql). */
export type MessageStatus = 'QUEUED' | 'SENT' | 'DELIVERED' | 'READ' | 'FAILED';

const { Status } = proto.WebMessageInfo;

/**
 * Baileys' receipt status → Leadwire's. PLAYED (a voice note or video was
 * played) implies it was read; Leadwire has no finer state. Unknown values
 * (a newer WhatsApp enum) give null so the caller skips them.
 */
export function toMessageStatus(status: proto.WebMessageInfo.Status | null | undefined): MessageStatus | null {
  switch (status) {
    case Status.ERROR: return 'FAILED';
    case Status.PENDING: return 'QUEUED';
    case Status.SERVER_ACK: return 'SENT';
    case Status.DELIVERY_ACK: return 'DELIVERED';
    case Status.READ:
    case Status.PLAYED: return 'READ';
    default: return null;
  }
}
