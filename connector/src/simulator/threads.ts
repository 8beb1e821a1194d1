export type SimDirection = 'IN' | 'OUT';

/**
 * IN: a lead's message, RECEIVED by the session. OUT: ours, moving forward
 * as WhatsApp's receipts would (server ack, delivery, read).
 */
export type SimStatus = 'RECEIVED' | 'PENDING' | 'SENT' | 'DELIVERED' | 'READ';

export interface SimMessage {
  /** WhatsApp's message id (the key id). */
  id: string;
  /** The session (our number) the lead talks to. */
  session: string;
  direction: SimDirection;
  text: string;
  status: SimStatus;
  /** ISO-8601. */
  at: string;
  /** What a media message carried; `text` is then its caption. */
  media?: { mime: string; fileName: string | null; size: number };
  /** The lead's reaction to it, if any. */
  reaction?: string;
  /** The lead edited it (`text` is the new one) or deleted it for everyone. */
  edited?: boolean;
  deleted?: boolean;
}

const OUT_ORDER: SimStatus[] = ['PENDING', 'SENT', 'DELIVERED', 'READ'];

/**
 * Every lead's thread as WhatsApp's servers would keep it: one per phone,
 * both directions and every session, oldest first. A message is known by its
 * id, so a re-send with the same id (a retried job) stays one message.
 */
export function createThreadStore() {
  const threads = new Map<string, SimMessage[]>();

  const find = (phone: string, id: string, direction: SimDirection) =>
    threads.get(phone)?.find((m) => m.id === id && m.direction === direction);

  return {
    /** Adds a message unless one with its id is already in the thread; returns the kept one. */
    add(phone: string, message: SimMessage): { message: SimMessage; added: boolean } {
      const existing = find(phone, message.id, message.direction);
      if (existing) return { message: existing, added: false };
      const thread = threads.get(phone) ?? [];
      thread.push(message);
      threads.set(phone, thread);
      return { message, added: true };
    },

    /** Receipts only move an outgoing message forward, as in WhatsApp; a late one changes nothing. */
    advance(phone: string, id: string, status: SimStatus): boolean {
      const message = find(phone, id, 'OUT');
      if (!message || OUT_ORDER.indexOf(status) <= OUT_ORDER.indexOf(message.status)) return false;
      message.status = status;
      return true;
    },

    /** What the lead did to a message after it was sent: react, edit, delete. False when there is no such message. */
    annotate(phone: string, id: string, change: Partial<Pick<SimMessage, 'reaction' | 'text' | 'edited' | 'deleted'>>): boolean {
      const message = threads.get(phone)?.find((m) => m.id === id);
      if (!message) return false;
      Object.assign(message, change);
      if (message.reaction === '') delete message.reaction;
      return true;
    },

    /** A copy, so callers cannot change the record. */
    thread(phone: string): SimMessage[] {
      return (threads.get(phone) ?? []).map((m) => ({ ...m, ...(m.media ? { media: { ...m.media } } : {}) }));
    },
  };
}

export type ThreadStore = ReturnType<typeof createThreadStore>;
