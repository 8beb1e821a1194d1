import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WhatsAppInboundInput } from '../api-client.ts';
import { createMediaStore, MAX_MEDIA_BYTES } from '../media/media-store.ts';
import type { MediaDeps } from './attach-media.ts';
import { createMessageHandlers } from './handlers.ts';
import { toIngestInputs } from './ingest-input.ts';

const LEAD = '5511987654321@s.whatsapp.net';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let dir: string;
beforeEach(async () => {
  dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'handler-media-')), 'media');
});
afterEach(async () => {
  await fs.rm(path.dirname(dir), { recursive: true, force: true });
});

const msg = (id: string, message: proto.IMessage) =>
  proto.WebMessageInfo.fromObject({ key: { remoteJid: LEAD, fromMe: false, id }, messageTimestamp: 1_700_000_000, pushName: 'Maria', message }) as WAMessage;

function setup(download: MediaDeps['downloadMedia'], extra: Partial<MediaDeps> = {}) {
  const batches: WhatsAppInboundInput[][] = [];
  const warnings: object[] = [];
  const downloads: string[] = [];
  // What was on disk at the moment the batch was handed over (to the spool, in production).
  const onDiskAtIngest: string[][] = [];
  const handlers = createMessageHandlers({
    sessionId: 'agent',
    defaultRegion: 'BR',
    ingest: async (messages) => {
      onDiskAtIngest.push(existsSync(dir) ? (await fs.readdir(dir)).sort() : []);
      batches.push(toIngestInputs(messages).inputs);
    },
    updateStatus: async () => undefined,
    media: {
      downloadMedia: (raw, signal) => {
        downloads.push(raw.key.id!);
        return download(raw, signal);
      },
      mediaStore: createMediaStore({ dir }),
      log: { warn: (obj) => void warnings.push(obj) },
      ...extra,
    },
  });
  const upsert = (...messages: WAMessage[]) => handlers['messages.upsert']({ type: 'notify', messages });
  return { upsert, batches, warnings, downloads, onDiskAtIngest };
}

describe('messages.upsert with media', () => {
  it('downloads and stores media before the batch is handed over; the ingest input names the file', async () => {
    const photo = randomBytes(20_000);
    const pdf = Buffer.from('%PDF-1.4 holerite');
    const files: Record<string, Buffer> = { IMG: photo, DOC: pdf };
    const { upsert, batches, downloads, onDiskAtIngest, warnings } = setup(async (raw) => files[raw.key.id!]!);
    await upsert(
      msg('TXT', { conversation: 'oi' }),
      msg('IMG', { imageMessage: { caption: 'meu RG', mimetype: 'image/jpeg', fileLength: photo.length } }),
      msg('DOC', { documentMessage: { caption: 'holerite', mimetype: 'application/pdf', fileName: 'holerite.pdf' } }),
    );
    expect(downloads.sort()).toEqual(['DOC', 'IMG']);
    expect(warnings).toEqual([]);
    expect(batches).toHaveLength(1);
    const [text, image, doc] = batches[0]!;
    expect(text).toMatchObject({ waMessageId: 'TXT', type: 'TEXT', mediaMime: null });
    expect(text).not.toHaveProperty('mediaPath');
    expect(image).toMatchObject({ waMessageId: 'IMG', type: 'IMAGE', body: 'meu RG', mediaMime: 'image/jpeg', mediaPath: `${sha256(photo)}.jpg`, mediaSize: photo.length });
    expect(image).not.toHaveProperty('mediaFileName');
    expect(doc).toMatchObject({
      waMessageId: 'DOC', type: 'DOCUMENT', body: 'holerite', mediaMime: 'application/pdf',
      mediaPath: `${sha256(pdf)}.pdf`, mediaSize: pdf.length, mediaFileName: 'holerite.pdf',
    });
    expect(await fs.readFile(path.join(dir, image!.mediaPath!))).toEqual(photo);
    expect(await fs.readFile(path.join(dir, doc!.mediaPath!))).toEqual(pdf);
    expect(onDiskAtIngest).toEqual([[image!.mediaPath, doc!.mediaPath].sort()]);
  });

  it('ingests a message whose download fails without media, logging neither its caption nor the URL', async () => {
    const { upsert, batches, warnings } = setup(async () => {
      // Shaped as the Boom Baileys throws.
      throw Object.assign(new Error('Failed to fetch stream from https://mmg.whatsapp.net/v/t62/abc.enc?oh=secret'), { isBoom: true, output: { statusCode: 403 } });
    });
    await upsert(msg('IMG', { imageMessage: { caption: 'meu RG', mimetype: 'image/jpeg' } }), msg('TXT', { conversation: 'e agora?' }));
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((m) => m.waMessageId)).toEqual(['IMG', 'TXT']);
    expect(batches[0]![0]).toMatchObject({ type: 'IMAGE', body: 'meu RG', mediaMime: 'image/jpeg' });
    expect(batches[0]![0]).not.toHaveProperty('mediaPath');
    expect(warnings).toEqual([expect.objectContaining({ session: 'agent', waMessageId: 'IMG', type: 'IMAGE', error: 'Failed to fetch stream from <url> (status 403)' })]);
    expect(JSON.stringify(warnings)).not.toMatch(/meu RG|mmg\.whatsapp|secret/);
    expect(existsSync(dir)).toBe(false);
  });

  it('gives up on a download that hangs, so later messages are not held up', async () => {
    let signalled = false;
    const { upsert, batches, warnings } = setup(
      (_raw, signal) =>
        new Promise<Buffer>(() => {
          signal.addEventListener('abort', () => void (signalled = true));
        }),
      { downloadTimeoutMs: 50 },
    );
    const started = Date.now();
    await upsert(msg('VID', { videoMessage: { mimetype: 'video/mp4', caption: 'o carro' } }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(signalled).toBe(true);
    expect(batches[0]![0]).toMatchObject({ waMessageId: 'VID', type: 'VIDEO', body: 'o carro' });
    expect(batches[0]![0]).not.toHaveProperty('mediaPath');
    expect(warnings).toEqual([expect.objectContaining({ error: expect.stringMatching(/timed out/) })]);
  });

  it('does not download a file WhatsApp announces over 64 MB, nor keep one that turns out larger', async () => {
    const { upsert, batches, downloads, warnings } = setup(async () => Buffer.alloc(MAX_MEDIA_BYTES + 1));
    await upsert(
      msg('BIG', { documentMessage: { mimetype: 'application/pdf', fileName: 'scan.pdf', fileLength: 100 * 1024 * 1024 } }),
      msg('LIAR', { documentMessage: { mimetype: 'application/pdf', fileName: 'mentira.pdf', fileLength: 1_000 } }),
    );
    expect(downloads).toEqual(['LIAR']);
    expect(batches[0]!.map((m) => [m.waMessageId, m.mediaPath ?? null, m.mediaFileName])).toEqual([
      ['BIG', null, 'scan.pdf'],
      ['LIAR', null, 'mentira.pdf'],
    ]);
    expect(warnings).toHaveLength(2);
    expect(existsSync(dir)).toBe(false);
  });

  it('keeps audio and location apart: only media types are downloaded', async () => {
    const voice = randomBytes(1_000);
    const { upsert, batches, downloads } = setup(async () => voice);
    await upsert(
      msg('PTT', { audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true } }),
      msg('LOC', { locationMessage: { degreesLatitude: -23.5, degreesLongitude: -46.6 } }),
    );
    expect(downloads).toEqual(['PTT']);
    expect(batches[0]![0]).toMatchObject({ type: 'AUDIO', mediaPath: `${sha256(voice)}.ogg`, mediaSize: 1_000 });
    expect(batches[0]![1]).not.toHaveProperty('mediaPath');
  });
});
