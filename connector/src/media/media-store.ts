import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The largest file the connector keeps. WhatsApp documents may reach 100 MB;
 * the ingest API accepts at most this size (and the router serves it whole).
 */
export const MAX_MEDIA_BYTES = 64 * 1024 * 1024;

export class MediaTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`media of ${size} bytes is over the ${MAX_MEDIA_BYTES}-byte limit`);
    this.name = 'MediaTooLargeError';
  }
}

export interface StoredMedia {
  /** `<sha256 hex>.<ext>`, relative to the store's directory: the ingest API's `mediaPath`. */
  path: string;
  size: number;
  mime: string;
}

// The types WhatsApp clients send. Anything else is kept as `.bin`: the mime
// type travels with the message, so the extension is only a convenience.
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/heic': 'heic',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'video/quicktime': 'mov',
  'audio/ogg': 'ogg',
  'audio/opus': 'opus',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/aac': 'aac',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/amr': 'amr',
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/zip': 'zip',
  'text/plain': 'txt',
  'text/csv': 'csv',
};

/** The file extension for a mime type; parameters (`; codecs=opus`) and case do not matter. */
export function extensionFor(mime: string | null | undefined): string {
  const essence = (mime ?? '').split(';')[0]!.trim().toLowerCase();
  return EXTENSIONS[essence] ?? 'bin';
}

const STORED_NAME = /^[a-f0-9]{64}\.[a-z0-9]{1,8}$/;
// Temp files of a writer that crashed; younger ones may belong to a live writer.
const STALE_TEMP_MS = 60 * 60 * 1000;

async function syncDir(dir: string) {
  // Makes the rename durable; some platforms cannot open a directory, and they have nothing to sync.
  const handle = await fs.open(dir, 'r').catch(() => null);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

/**
 * Media files named by their content: the same bytes (with the same type)
 * always get the same name and are written once, so a redelivered message
 * costs nothing and a name can never point at other bytes. A file appears
 * under its name only whole (temp file, fsync, rename). The directory is
 * made on the first save, so a connector that never receives media leaves
 * no trace.
 */
export function createMediaStore(opts: { dir: string }) {
  const dir = path.resolve(opts.dir);
  let ready: Promise<void> | null = null;

  const prepare = async () => {
    // Leads' documents and photos: not for other users of the machine.
    await fs.mkdir(dir, { recursive: true, mode: 0o750 });
    const now = Date.now();
    for (const name of await fs.readdir(dir)) {
      if (!name.startsWith('.') || !name.endsWith('.tmp')) continue;
      const file = path.join(dir, name);
      const stat = await fs.stat(file).catch(() => null);
      if (stat && now - stat.mtimeMs > STALE_TEMP_MS) await fs.rm(file, { force: true });
    }
  };

  return {
    dir,

    async save(bytes: Buffer, mime: string | null | undefined): Promise<StoredMedia> {
      if (bytes.length > MAX_MEDIA_BYTES) throw new MediaTooLargeError(bytes.length);
      ready ??= prepare().catch((err: unknown) => {
        ready = null;
        throw err;
      });
      await ready;
      const name = `${createHash('sha256').update(bytes).digest('hex')}.${extensionFor(mime)}`;
      const result = { path: name, size: bytes.length, mime: mime?.trim() || 'application/octet-stream' };
      const file = path.join(dir, name);
      // Renames are atomic, so a file under its final name is whole: if the
      // size matches, these bytes are already there.
      const existing = await fs.stat(file).catch(() => null);
      if (existing?.isFile() && existing.size === bytes.length) return result;

      const temp = path.join(dir, `.${name}.${randomUUID()}.tmp`);
      const handle = await fs.open(temp, 'wx', 0o640);
      try {
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.rename(temp, file);
      } catch (err) {
        await fs.rm(temp, { force: true });
        throw err;
      }
      await syncDir(dir);
      return result;
    },

    /** The absolute file of a stored name, or null for a name the store never gives. */
    fileOf(name: string): string | null {
      return STORED_NAME.test(name) ? path.join(dir, name) : null;
    },
  };
}

export type MediaStore = ReturnType<typeof createMediaStore>;
