import type { WAMessage } from '@whiskeysockets/baileys';
import { declaredSize, mediaContentOf } from '../media/download-media.ts';
import { MAX_MEDIA_BYTES, type MediaStore } from '../media/media-store.ts';
import type { InboundMessage, InboundType } from './map-message.ts';

const WITH_MEDIA: ReadonlySet<InboundType> = new Set(['IMAGE', 'VIDEO', 'AUDIO', 'DOCUMENT']);

export interface MediaDeps {
  /** Fetches and decrypts a message's media; Baileys' `downloadMediaMessage` in production. */
  downloadMedia: (raw: WAMessage, signal: AbortSignal) => Promise<Buffer>;
  mediaStore: Pick<MediaStore, 'save'>;
  log: { warn(obj: object, msg: string): void };
  /**
   * The upsert waits for its downloads, and the session's events wait for the
   * upsert: a download that hangs must not hold up every later message.
   */
  downloadTimeoutMs?: number;
  /** Downloads of one upsert running at once (a reconnect may bring many). */
  concurrency?: number;
}

/**
 * Downloads and stores the media of mapped messages, filling in `mediaPath`
 * and `mediaSize`. What fails is logged and leaves the message without media:
 * its caption, type and mime still reach Leadwire. Logs carry the reason,
 * never the bytes, the caption or the URL.
 */
export async function attachMedia(items: { raw: WAMessage; message: InboundMessage }[], deps: MediaDeps, sessionId: string): Promise<void> {
  const pending = items.filter((item) => WITH_MEDIA.has(item.message.type));
  const timeoutMs = deps.downloadTimeoutMs ?? 120_000;
  const one = async ({ raw, message }: (typeof pending)[number]) => {
    const context = { session: sessionId, waMessageId: message.waMessageId, type: message.type, mime: message.mediaMime };
    const declared = declaredSize(mediaContentOf(raw) ?? {});
    if (declared !== null && declared > MAX_MEDIA_BYTES) {
      deps.log.warn({ ...context, size: declared }, 'media over the size limit not downloaded; message ingested without it');
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`download timed out after ${timeoutMs} ms`)), timeoutMs);
    try {
      // Raced as well as signalled: a downloader that ignores the signal still gets left behind.
      const aborted = new Promise<never>((_, reject) => abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true }));
      const bytes = await Promise.race([deps.downloadMedia(raw, abort.signal), aborted]);
      const stored = await deps.mediaStore.save(bytes, message.mediaMime);
      message.mediaPath = stored.path;
      message.mediaSize = stored.size;
    } catch (err) {
      deps.log.warn({ ...context, error: describe(err) }, 'media not downloaded; message ingested without it');
    } finally {
      clearTimeout(timer);
    }
  };
  const queue = [...pending];
  const workers = Array.from({ length: Math.min(deps.concurrency ?? 4, queue.length) }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) await one(item);
  });
  await Promise.all(workers);
}

// Baileys puts the media URL (with its access tokens) in its messages; the
// status code says what went wrong.
function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const status = (err as { output?: { statusCode?: number } })?.output?.statusCode;
  const clean = message.replace(/\b(?:https?|file):\/\/\S+/g, '<url>');
  return status ? `${clean} (status ${status})` : clean;
}
