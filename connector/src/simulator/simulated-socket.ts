import {
  generateMessageIDV2,
  generateWAMessage,
  isPnUser,
  jidDecode,
  makeEventBuffer,
  proto,
  type AnyMessageContent,
  type MiscMessageGenerationOptions,
  type WAMessage,
  type WAPresence,
} from '@whiskeysockets/baileys';
import type { ConnectorSocket } from '../socket-source.ts';
import { createThreadStore, type SimStatus, type ThreadStore } from './threads.ts';

type EventLogger = Parameters<typeof makeEventBuffer>[0];

const silent: EventLogger = { level: 'silent', child: () => silent, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Milliseconds after a send at which the server ack, delivery and read receipts come. */
export type ReceiptDelays = readonly [serverAck: number, delivery: number, read: number];

export interface SimulatedSocketOptions {
  sessionId: string;
  /** The session's own number, E.164. */
  ownPhone: string;
  /** Shared with the other sessions of a simulator; a socket alone gets its own. */
  threads?: ThreadStore;
  receiptDelaysMs?: ReceiptDelays;
  logger?: EventLogger;
}

export interface LeadMessage {
  /** The lead's number, E.164. */
  from: string;
  name?: string;
  text: string;
  /** WhatsApp redelivers with the same id; a new one is made when absent. */
  id?: string;
  at?: Date;
}

export interface SimulatedSocket extends ConnectorSocket {
  readonly sessionId: string;
  readonly ownPhone: string;
  readonly isOpen: boolean;
  /** A lead writes to this session's number; returns the message id. */
  receive(message: LeadMessage): string;
}

const { Status } = proto.WebMessageInfo;
const RECEIPTS: [proto.WebMessageInfo.Status, SimStatus][] = [
  [Status.SERVER_ACK, 'SENT'],
  [Status.DELIVERY_ACK, 'DELIVERED'],
  [Status.READ, 'READ'],
];

export const jidOf = (e164: string) => `${e164.replace(/^\+/, '')}@s.whatsapp.net`;
const phoneOf = (jid: string) => `+${jidDecode(jid)!.user}`;

/**
 * A stand-in for a Baileys socket, at the boundary the connector uses: the
 * same event buffer (so `ev.process` batches as in production), the same
 * message objects, and the events Baileys emits around a send — the `fromMe`
 * echo as an `append` upsert, then receipts as `messages.update`.
 */
export function createSimulatedSocket(opts: SimulatedSocketOptions): SimulatedSocket {
  const threads = opts.threads ?? createThreadStore();
  const [ackMs, deliveryMs, readMs] = opts.receiptDelaysMs ?? [300, 1_200, 3_000];
  const ev = makeEventBuffer(opts.logger ?? silent);
  const ownDigits = opts.ownPhone.replace(/^\+/, '');
  // Baileys' own id carries the device after a colon.
  const user = { id: `${ownDigits}:1@s.whatsapp.net`, name: opts.sessionId };
  const timers = new Set<NodeJS.Timeout>();
  let open = false;
  let ended = false;

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!ended) fn();
    }, ms);
    timers.add(timer);
  };

  // Baileys connects after the constructor returns; whoever takes the socket
  // attaches its listeners first and then sees the connection open.
  later(0, () => {
    open = true;
    ev.emit('connection.update', { connection: 'open' });
  });

  const assertOpen = () => {
    // Baileys' own wording when the socket is gone.
    if (!open || ended) throw new Error('Connection Closed');
  };

  return {
    ev,
    user,
    sessionId: opts.sessionId,
    ownPhone: opts.ownPhone,
    get isOpen() {
      return open && !ended;
    },

    receive({ from, name, text, id, at = new Date() }: LeadMessage): string {
      assertOpen();
      const remoteJid = jidOf(from);
      const messageId = id ?? generateMessageIDV2(remoteJid);
      threads.add(from, { id: messageId, session: opts.sessionId, direction: 'IN', text, status: 'RECEIVED', at: at.toISOString() });
      const message = proto.WebMessageInfo.fromObject({
        key: { remoteJid, fromMe: false, id: messageId },
        message: { conversation: text },
        messageTimestamp: Math.floor(at.getTime() / 1000),
        pushName: name ?? null,
      }) as WAMessage;
      ev.emit('messages.upsert', { type: 'notify', messages: [message] });
      return messageId;
    },

    async sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions): Promise<WAMessage | undefined> {
      assertOpen();
      if (!isPnUser(jid)) throw new Error('the simulator sends to phone numbers (…@s.whatsapp.net) only');
      if (!('text' in content) || typeof content.text !== 'string') throw new Error('the simulator sends text messages only');
      const messageId = options?.messageId ?? generateMessageIDV2(user.id);
      // Baileys' own builder: the echo is the very object a real send produces.
      const sent = await generateWAMessage(jid, { text: content.text }, {
        userJid: user.id,
        messageId,
        logger: opts.logger ?? silent,
        upload: async () => {
          throw new Error('the simulator does not upload media');
        },
      });
      const phone = phoneOf(jid);
      threads.add(phone, { id: messageId, session: opts.sessionId, direction: 'OUT', text: content.text, status: 'PENDING', at: new Date().toISOString() });
      // As Baileys does (emitOwnEvents): the echo right after the send returns.
      process.nextTick(() => {
        if (!ended) ev.emit('messages.upsert', { type: 'append', messages: [sent] });
      });
      RECEIPTS.forEach(([status, simStatus], i) =>
        later([ackMs, deliveryMs, readMs][i]!, () => {
          threads.advance(phone, messageId, simStatus);
          ev.emit('messages.update', [{ key: { remoteJid: jid, fromMe: true, id: messageId }, update: { status } }]);
        }),
      );
      return sent;
    },

    async sendPresenceUpdate(_type: WAPresence, _toJid?: string): Promise<void> {
      assertOpen();
    },

    async end(error: Error | undefined): Promise<void> {
      if (ended) return;
      ended = true;
      open = false;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
    },
  };
}
