import {
  generateMessageIDV2,
  generateWAMessage,
  generateWAMessageContent,
  isPnUser,
  jidDecode,
  makeEventBuffer,
  proto,
  type AnyMessageContent,
  type MiscMessageGenerationOptions,
  type WAMessage,
  type WAPresence,
} from '@whiskeysockets/baileys';
import { mediaContentOf } from '../media/download-media.ts';
import type { ConnectorSocket } from '../socket-source.ts';
import { deliverLikeBaileys } from './baileys-delivery.ts';
import { editMessage, leadKey, reactionMessage, revokeMessage, type ChatAddress, type LeadChange } from './lead-changes.ts';
import type { MediaHost } from './media-host.ts';
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
  /** Where leads' media is uploaded to and downloaded from; without it the socket takes text only. */
  mediaHost?: MediaHost;
}

export interface LeadMessage extends ChatAddress {
  name?: string;
  text: string;
  /** WhatsApp redelivers with the same id; a new one is made when absent. */
  id?: string;
  at?: Date;
}

export interface LeadMedia {
  bytes: Buffer;
  mime: string;
  /** Documents only: WhatsApp carries no file name for images, videos and audio. */
  fileName?: string;
}

export interface LeadMediaMessage extends Omit<LeadMessage, 'text'> {
  /** The caption; audio has none. */
  text?: string;
  media: LeadMedia;
}

export type MediaKind = 'image' | 'video' | 'audio' | 'document';

/** The WhatsApp message a file of this type is sent as. */
export function mediaKindOf(mime: string): MediaKind {
  const top = mime.split('/')[0]!.trim().toLowerCase();
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'document';
}

export interface SimulatedSocket extends ConnectorSocket {
  readonly sessionId: string;
  readonly ownPhone: string;
  readonly isOpen: boolean;
  /** A lead writes to this session's number; returns the message id. */
  receive(message: LeadMessage): string;
  /**
   * A lead sends a file: encrypted and uploaded by Baileys' own sending code
   * to the media host, then delivered as the media message a phone sends.
   */
  receiveMedia(message: LeadMediaMessage): Promise<string>;
  /** The lead reacts to a message of the chat (theirs or ours); an empty emoji takes the reaction back. Returns the reaction's id. */
  react(change: Omit<LeadChange, 'id'> & { emoji: string }): Promise<string>;
  /** The lead edits one of their messages. */
  edit(change: Omit<LeadChange, 'id' | 'targetFromLead'> & { text: string }): Promise<string>;
  /** The lead deletes one of their messages for everyone. */
  revoke(change: Omit<LeadChange, 'id' | 'targetFromLead'>): Promise<string>;
  /** WhatsApp tells the session which number a LID stands for (`lid-mapping.update`). */
  shareLid(lid: string, phone: string): void;
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

    receive({ from, name, text, id, at = new Date(), ...chat }: LeadMessage): string {
      assertOpen();
      const messageId = id ?? generateMessageIDV2(jidOf(from));
      threads.add(from, { id: messageId, session: opts.sessionId, direction: 'IN', text, status: 'RECEIVED', at: at.toISOString() });
      const message = proto.WebMessageInfo.fromObject({
        key: { remoteJid: jidOf(from), fromMe: false, id: messageId },
        message: { conversation: text },
        messageTimestamp: Math.floor(at.getTime() / 1000),
        pushName: name ?? null,
      }) as WAMessage;
      message.key = leadKey({ from, ...chat }, messageId);
      ev.emit('messages.upsert', { type: 'notify', messages: [message] });
      return messageId;
    },

    async react(change) {
      assertOpen();
      const id = generateMessageIDV2(jidOf(change.from));
      threads.annotate(change.from, change.target, { reaction: change.emoji });
      await deliverLikeBaileys(ev, reactionMessage({ ...change, id }, user.id), user);
      return id;
    },

    async edit(change) {
      assertOpen();
      const id = generateMessageIDV2(jidOf(change.from));
      threads.annotate(change.from, change.target, { text: change.text, edited: true });
      await deliverLikeBaileys(ev, editMessage({ ...change, id }, user.id), user);
      return id;
    },

    async revoke(change) {
      assertOpen();
      const id = generateMessageIDV2(jidOf(change.from));
      threads.annotate(change.from, change.target, { deleted: true });
      await deliverLikeBaileys(ev, revokeMessage({ ...change, id }, user.id), user);
      return id;
    },

    shareLid(lid: string, phone: string) {
      assertOpen();
      ev.emit('lid-mapping.update', { lid, pn: jidOf(phone) });
    },

    async receiveMedia({ from, name, text, media, id, at = new Date(), ...chat }: LeadMediaMessage): Promise<string> {
      assertOpen();
      const host = opts.mediaHost;
      if (!host) throw new Error('this simulated socket has no media host');
      const kind = mediaKindOf(media.mime);
      if (kind === 'audio' && text) throw new Error('audio messages carry no caption');
      if (kind !== 'document' && media.fileName) throw new Error('only documents carry a file name');
      const caption = text || undefined;
      const content = await generateWAMessageContent(
        kind === 'document'
          ? { document: media.bytes, mimetype: media.mime, fileName: media.fileName, caption }
          : kind === 'audio'
            ? { audio: media.bytes, mimetype: media.mime }
            : kind === 'image'
              ? { image: media.bytes, mimetype: media.mime, caption }
              : { video: media.bytes, mimetype: media.mime, caption },
        // Baileys tries thumbnails and audio length with optional libraries and says so when they are missing.
        { upload: host.upload, logger: silent },
      );
      // The upload took a while: the session may have gone meanwhile.
      assertOpen();
      const remoteJid = jidOf(from);
      const messageId = id ?? generateMessageIDV2(remoteJid);
      const fileName = kind === 'document' ? (mediaContentOf({ message: content }) as proto.Message.IDocumentMessage).fileName ?? null : null;
      threads.add(from, {
        id: messageId,
        session: opts.sessionId,
        direction: 'IN',
        text: text ?? '',
        status: 'RECEIVED',
        at: at.toISOString(),
        media: { mime: media.mime, fileName, size: media.bytes.length },
      });
      const message = proto.WebMessageInfo.fromObject({
        key: { remoteJid, fromMe: false, id: messageId },
        message: content,
        messageTimestamp: Math.floor(at.getTime() / 1000),
        pushName: name ?? null,
      }) as WAMessage;
      message.key = leadKey({ from, ...chat }, messageId);
      ev.emit('messages.upsert', { type: 'notify', messages: [message] });
      return messageId;
    },

    // What the phone does when WhatsApp no longer has a file: upload it again, under a new URL.
    async updateMediaMessage(message: WAMessage): Promise<WAMessage> {
      assertOpen();
      const content = mediaContentOf(message);
      if (!content?.url || !opts.mediaHost) throw new Error('not a media message of this simulator');
      content.url = await opts.mediaHost.reupload(content.url);
      ev.emit('messages.update', [{ key: message.key, update: { message: message.message } }]);
      return message;
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
