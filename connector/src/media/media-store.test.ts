import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMediaStore, extensionFor, MAX_MEDIA_BYTES, MediaTooLargeError } from './media-store.ts';

let root: string;
let dir: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'media-store-'));
  dir = path.join(root, 'media');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(root, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const listing = async () => (await fs.readdir(dir)).sort();

describe('extensionFor', () => {
  it("maps WhatsApp's mime types, ignoring parameters and case, and anything else to bin", () => {
    const cases: [string | null, string][] = [
      ['image/jpeg', 'jpg'],
      ['image/png', 'png'],
      ['image/webp', 'webp'],
      ['video/mp4', 'mp4'],
      ['audio/ogg; codecs=opus', 'ogg'],
      ['audio/mpeg', 'mp3'],
      ['audio/aac', 'aac'],
      ['audio/mp4', 'm4a'],
      ['Application/PDF', 'pdf'],
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
      ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
      ['application/x-msdownload', 'bin'],
      ['../../etc/passwd', 'bin'],
      [null, 'bin'],
    ];
    for (const [mime, ext] of cases) expect(extensionFor(mime), String(mime)).toBe(ext);
  });
});

describe('createMediaStore', () => {
  it('names a file by the sha256 of its bytes and returns path, size and mime', async () => {
    const store = createMediaStore({ dir });
    const bytes = randomBytes(10_000);
    const stored = await store.save(bytes, 'image/jpeg');
    expect(stored).toEqual({ path: `${sha256(bytes)}.jpg`, size: 10_000, mime: 'image/jpeg' });
    // The name the ingest API accepts.
    expect(stored.path).toMatch(/^[a-f0-9]{64}\.[a-z0-9]{1,8}$/);
    expect(await fs.readFile(path.join(dir, stored.path))).toEqual(bytes);
    const other = await store.save(randomBytes(10_000), 'image/jpeg');
    expect(other.path).not.toBe(stored.path);
    expect(await listing()).toEqual([stored.path, other.path].sort());
    expect((await store.save(Buffer.from('x'), null)).mime).toBe('application/octet-stream');
  });

  it('makes its directory only when the first file comes', async () => {
    const store = createMediaStore({ dir });
    await expect(fs.stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    await store.save(Buffer.from('%PDF-1.4'), 'application/pdf');
    expect((await fs.stat(dir)).isDirectory()).toBe(true);
  });

  it('writes the same bytes once: a second save keeps the file as it was', async () => {
    const store = createMediaStore({ dir });
    const bytes = randomBytes(4_096);
    const first = await store.save(bytes, 'application/pdf');
    const file = path.join(dir, first.path);
    const old = new Date('2020-01-01T00:00:00Z');
    await fs.utimes(file, old, old);
    const again = await store.save(Buffer.from(bytes), 'application/pdf');
    expect(again).toEqual(first);
    expect((await fs.stat(file)).mtime).toEqual(old);
    expect(await listing()).toEqual([first.path]);
  });

  it('renames a whole, synced temp file into place: the final name never holds part of a file', async () => {
    const store = createMediaStore({ dir });
    const bytes = randomBytes(256 * 1024);
    const target = path.join(dir, `${sha256(bytes)}.mp4`);
    const rename = fs.rename.bind(fs);
    const seen: { tempWhole: boolean; finalExisted: boolean }[] = [];
    vi.spyOn(fs, 'rename').mockImplementation(async (from, to) => {
      seen.push({
        tempWhole: (await fs.readFile(from)).equals(bytes),
        finalExisted: await fs.stat(to).then(() => true, () => false),
      });
      expect(to).toBe(target);
      return rename(from, to);
    });
    await store.save(bytes, 'video/mp4');
    expect(seen).toEqual([{ tempWhole: true, finalExisted: false }]);
    expect(await listing()).toEqual([path.basename(target)]);
  });

  it('leaves neither the file nor its temp file when the write fails', async () => {
    const store = createMediaStore({ dir });
    vi.spyOn(fs, 'rename').mockRejectedValueOnce(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    await expect(store.save(randomBytes(1_000), 'image/png')).rejects.toThrow(/disk full/);
    expect(await listing()).toEqual([]);
    // The next save works.
    const stored = await store.save(randomBytes(1_000), 'image/png');
    expect(await listing()).toEqual([stored.path]);
  });

  it('removes temp files a crashed writer left long ago, not a live writer’s', async () => {
    await fs.mkdir(dir, { recursive: true });
    const stale = path.join(dir, `.${'a'.repeat(64)}.jpg.1.tmp`);
    const fresh = path.join(dir, `.${'b'.repeat(64)}.jpg.2.tmp`);
    await fs.writeFile(stale, 'half');
    await fs.writeFile(fresh, 'in progress');
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await fs.utimes(stale, old, old);
    const stored = await createMediaStore({ dir }).save(Buffer.from('oi'), 'text/plain');
    expect(await listing()).toEqual([path.basename(fresh), stored.path].sort());
  });

  it('refuses more than 64 MB, writing nothing, and takes exactly 64 MB', async () => {
    const store = createMediaStore({ dir });
    const over = Buffer.alloc(MAX_MEDIA_BYTES + 1, 1);
    const error = await store.save(over, 'application/pdf').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MediaTooLargeError);
    expect(error).toMatchObject({ size: MAX_MEDIA_BYTES + 1 });
    await expect(fs.stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    const stored = await store.save(over.subarray(0, MAX_MEDIA_BYTES), 'application/pdf');
    expect(stored.size).toBe(MAX_MEDIA_BYTES);
    expect((await fs.stat(path.join(dir, stored.path))).size).toBe(MAX_MEDIA_BYTES);
  });

  it('resolves only names it gives', () => {
    const store = createMediaStore({ dir });
    expect(store.fileOf(`${'c'.repeat(64)}.pdf`)).toBe(path.join(path.resolve(dir), `${'c'.repeat(64)}.pdf`));
    for (const bad of ['../x.pdf', `${'c'.repeat(64)}.pdf/../../x`, `${'C'.repeat(64)}.pdf`, 'x.bin']) expect(store.fileOf(bad), bad).toBeNull();
  });
});
