import { createHash } from 'node:crypto';
import { downloadMediaMessage, getContentType, normalizeMessageContent, type proto, type WAMessage } from '@whiskeysockets/baileys';
import { MAX_MEDIA_BYTES, MediaTooLargeError } from './media-store.ts';

type MediaContent = proto.Message.IImageMessage | proto.Message.IVideoMessage | proto.Message.IAudioMessage | proto.Message.IDocumentMessage;

const MEDIA_KINDS = ['imageMessage', 'videoMessage', 'audioMessage', 'documentMessage'] as const;

/** The media part of a message Leadwire downloads (image, video, audio, document), or null. */
export function mediaContentOf(raw: proto.IWebMessageInfo): MediaContent | null {
  const message = normalizeMessageContent(raw.message);
  const kind = message ? getContentType(message) : undefined;
  return kind && (MEDIA_KINDS as readonly string[]).includes(kind) ? ((message![kind] as MediaContent | null) ?? null) : null;
}

/** The size WhatsApp announces for the file, before downloading it. */
export function declaredSize(content: MediaContent): number | null {
  const length = content.fileLength;
  if (length == null) return null;
  return typeof length === 'number' ? length : length.toNumber();
}

interface Log {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

type BaileysLogger = NonNullable<Parameters<typeof downloadMediaMessage>[3]>['logger'];

// Baileys wants a pino-shaped logger; it logs only the message key here.
function baileysLogger(log: Log): BaileysLogger {
  const adapt = (fn: (obj: object, msg: string) => void) => (obj: unknown, msg?: string) => fn.call(log, typeof obj === 'object' && obj ? obj : {}, msg ?? String(obj));
  const logger: BaileysLogger = {
    level: 'info',
    child: () => logger,
    trace: () => undefined,
    debug: adapt(log.debug),
    info: adapt(log.info),
    warn: adapt(log.warn),
    error: adapt(log.error),
  };
  return logger;
}

export interface DownloadContext {
  /**
   * Asks the sender's phone to upload media WhatsApp no longer has (the
   * socket's `updateMediaMessage`); Baileys calls it on 404 and 410.
   */
  reuploadRequest?: (message: WAMessage) => Promise<WAMessage>;
  log: Log;
  signal?: AbortSignal;
  maxBytes?: number;
}

/**
 * Downloads and decrypts a message's media with Baileys' own
 * `downloadMediaMessage` (media key → HKDF → AES-CBC), asking the sender's
 * phone for a re-upload once when the URL has expired. Stops reading past
 * `maxBytes` rather than buffering whatever a sender claims, and checks the
 * plaintext against the message's
 * `fileSha256`: Baileys does not verify the MAC, so a damaged download would
 * otherwise be stored as if it were the file.
 */
export async function downloadWhatsAppMedia(raw: WAMessage, ctx: DownloadContext): Promise<Buffer> {
  const maxBytes = ctx.maxBytes ?? MAX_MEDIA_BYTES;
  ctx.signal?.throwIfAborted();
  const open = (message: WAMessage) =>
    downloadMediaMessage(message, 'stream', {}, ctx.reuploadRequest ? { reuploadRequest: ctx.reuploadRequest, logger: baileysLogger(ctx.log) } : undefined);
  let stream: Awaited<ReturnType<typeof open>>;
  try {
    stream = await open(raw);
  } catch (err) {
    // Baileys' own retry looks for `error.status`, which the Boom it throws
    // does not have (WhiskeySockets/Baileys#2767), so an expired URL never
    // reaches `reuploadRequest` there: ask for the re-upload here.
    const status = (err as { output?: { statusCode?: number } }).output?.statusCode;
    if (!ctx.reuploadRequest || (status !== 404 && status !== 410)) throw err;
    ctx.log.info({ waMessageId: raw.key.id, status }, 'media gone from WhatsApp; asking the phone to upload it again');
    ctx.signal?.throwIfAborted();
    stream = await open(await ctx.reuploadRequest(raw));
  }
  const onAbort = () => stream.destroy(ctx.signal!.reason instanceof Error ? ctx.signal!.reason : new Error('download aborted'));
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal?.aborted) onAbort();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        stream.destroy();
        throw new MediaTooLargeError(size);
      }
      chunks.push(chunk as Buffer);
    }
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
  }
  const bytes = Buffer.concat(chunks, size);
  const expected = mediaContentOf(raw)?.fileSha256;
  if (expected?.length && !createHash('sha256').update(bytes).digest().equals(Buffer.from(expected))) {
    throw new Error('downloaded media does not match its fileSha256');
  }
  return bytes;
}
