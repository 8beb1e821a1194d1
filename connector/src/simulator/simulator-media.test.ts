import { createHash, randomBytes } from 'node:crypto';
import { downloadMediaMessage, type BaileysEventMap, type WAMessage } from '@whiskeysockets/baileys';
import { createLogger } from '@leadwire/platform/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { toInboundMessage } from '../inbound/map-message.ts';
import { downloadWhatsAppMedia, mediaContentOf } from '../media/download-media.ts';
import { MediaTooLargeError } from '../media/media-store.ts';
import type { ConnectorSocket } from '../socket-source.ts';
import { runCli } from './cli.ts';
import { MAX_SIM_MEDIA_BYTES, startSimulatorServer, type SimulatorServer } from './http-api.ts';
import { createSimulator, type Simulator } from './simulator.ts';

const LEAD = '+5511987654321';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();
const log = { debug() {}, info() {}, warn() {}, error() {} };
// Enough of a PDF for a viewer to recognise it; Baileys does not look inside.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const sim = createSimulator({ receiptDelaysMs: [5, 10, 15] });
  const source = sim.source({ id: 'agent', kind: 'AGENT' });
  const upserts: WAMessage[] = [];
  let sock!: ConnectorSocket;
  source.onSocket((s) => {
    sock = s;
    s.ev.process(async (events: Partial<BaileysEventMap>) => {
      if (events['messages.upsert']) upserts.push(...events['messages.upsert'].messages);
    });
  });
  cleanups.push(() => source.stop(), () => sim.close());
  await sleep(5);
  const received = async () => {
    for (let i = 0; i < 200 && !upserts.length; i++) await sleep(5);
    return upserts.shift()!;
  };
  return { sim, sock: () => sock, received };
}

describe('simulator media, through Baileys’ real download', () => {
  it('delivers an image WhatsApp-encrypted on its own loopback host; Baileys decrypts the very bytes sent', async () => {
    const { sim, received } = await setup();
    const bytes = randomBytes(50_000);
    const { id } = await sim.receiveMedia({ from: LEAD, name: 'Maria', text: 'meu RG', media: { bytes, mime: 'image/jpeg' } });
    const raw = await received();
    expect(raw.key).toMatchObject({ id, fromMe: false, remoteJid: '5511987654321@s.whatsapp.net' });
    const image = raw.message!.imageMessage!;
    expect(image.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/simulator\/media\/[a-f0-9]{32}\.enc$/);
    expect(image).toMatchObject({ mimetype: 'image/jpeg', caption: 'meu RG' });
    expect(image.mediaKey).toHaveLength(32);
    expect(Buffer.from(image.fileSha256!)).toEqual(sha256(bytes));
    expect(Number(image.fileLength)).toBe(bytes.length);

    // What the host serves is ciphertext (AES-CBC padded, plus a 10-byte MAC) with the announced hash.
    const enc = Buffer.from(await (await fetch(image.url!)).arrayBuffer());
    expect(enc.length).toBe((Math.floor(bytes.length / 16) + 1) * 16 + 10);
    expect(enc.includes(bytes.subarray(0, 64))).toBe(false);
    expect(sha256(enc)).toEqual(Buffer.from(image.fileEncSha256!));

    expect(await downloadMediaMessage(raw, 'buffer', {})).toEqual(bytes);
    expect(await downloadWhatsAppMedia(raw, { log })).toEqual(bytes);
    expect(toInboundMessage(raw, 'agent', 'BR')).toMatchObject({ type: 'IMAGE', body: 'meu RG', mediaMime: 'image/jpeg', mediaFileName: null });
  });

  it('delivers a PDF document with its file name and caption, and lists it in the thread', async () => {
    const { sim, received } = await setup();
    const { id } = await sim.receiveMedia({ from: LEAD, text: 'holerite', media: { bytes: PDF, mime: 'application/pdf', fileName: 'holerite março.pdf' } });
    const raw = await received();
    expect(raw.message!.documentMessage).toMatchObject({ fileName: 'holerite março.pdf', mimetype: 'application/pdf', caption: 'holerite' });
    expect(await downloadWhatsAppMedia(raw, { log })).toEqual(PDF);
    expect(toInboundMessage(raw, 'agent', 'BR')).toMatchObject({ type: 'DOCUMENT', body: 'holerite', mediaMime: 'application/pdf', mediaFileName: 'holerite março.pdf' });
    expect(sim.thread(LEAD)).toEqual([
      expect.objectContaining({ id, direction: 'IN', text: 'holerite', media: { mime: 'application/pdf', fileName: 'holerite março.pdf', size: PDF.length } }),
    ]);
  });

  it('sends audio and video as their own messages', async () => {
    const { sim, received } = await setup();
    await sim.receiveMedia({ from: LEAD, media: { bytes: randomBytes(3_000), mime: 'audio/ogg; codecs=opus' } });
    expect(mediaContentOf(await received())).toMatchObject({ mimetype: 'audio/ogg; codecs=opus' });
    const video = randomBytes(5_000);
    await sim.receiveMedia({ from: LEAD, text: 'o carro', media: { bytes: video, mime: 'video/mp4' } });
    const raw = await received();
    expect(raw.message!.videoMessage).toMatchObject({ caption: 'o carro', mimetype: 'video/mp4' });
    expect(await downloadWhatsAppMedia(raw, { log })).toEqual(video);
  });

  it('asks the phone to upload again when the URL has expired (410), through the socket', async () => {
    const { sim, sock, received } = await setup();
    const bytes = randomBytes(2_000);
    await sim.receiveMedia({ from: LEAD, media: { bytes, mime: 'image/png' } });
    const raw = await received();
    const url = raw.message!.imageMessage!.url!;
    sim.expireMedia(url);
    await expect(downloadWhatsAppMedia(raw, { log })).rejects.toMatchObject({ output: { statusCode: 410 } });
    const s = sock();
    expect(await downloadWhatsAppMedia(raw, { log, reuploadRequest: (m) => s.updateMediaMessage(m) })).toEqual(bytes);
    expect(raw.message!.imageMessage!.url).not.toBe(url);
  });

  it('refuses a download whose bytes are not the announced file, and stops past the size limit', async () => {
    const { sim, received } = await setup();
    await sim.receiveMedia({ from: LEAD, media: { bytes: PDF, mime: 'application/pdf' } });
    const raw = await received();
    await expect(downloadWhatsAppMedia(raw, { log, maxBytes: PDF.length - 1 })).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(await downloadWhatsAppMedia(raw, { log, maxBytes: PDF.length })).toEqual(PDF);
    raw.message!.documentMessage!.fileSha256 = sha256(Buffer.from('another file'));
    await expect(downloadWhatsAppMedia(raw, { log })).rejects.toThrow(/fileSha256/);
    const aborted = new AbortController();
    aborted.abort(new Error('timed out'));
    await expect(downloadWhatsAppMedia(raw, { log, signal: aborted.signal })).rejects.toThrow(/timed out/);
  });

  it('stops serving and deletes its files on close', async () => {
    const { sim, received } = await setup();
    await sim.receiveMedia({ from: LEAD, media: { bytes: PDF, mime: 'application/pdf' } });
    const url = (await received()).message!.documentMessage!.url!;
    expect((await fetch(url)).status).toBe(200);
    await sim.close();
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe('simulator HTTP API with media', () => {
  let sim: Simulator;
  let server: SimulatorServer;
  let received: () => Promise<WAMessage>;

  const post = (body: unknown) =>
    fetch(`${server.url}/simulator/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const start = async () => {
    ({ sim, received } = await setup());
    server = await startSimulatorServer({ simulator: sim, port: 0, defaultRegion: 'BR', log: createLogger('test', 'silent') });
    cleanups.push(() => server.close());
  };

  it('takes a base64 file with a caption; the thread lists its mime, file name and size', async () => {
    await start();
    const res = await post({ from: LEAD, name: 'Maria', text: 'contrato assinado', media: { base64: PDF.toString('base64'), mime: 'application/pdf', fileName: 'contrato.pdf' } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const raw = await received();
    expect(raw.key.id).toBe(id);
    expect(await downloadWhatsAppMedia(raw, { log })).toEqual(PDF);
    const thread = (await (await fetch(`${server.url}/simulator/messages?phone=${encodeURIComponent(LEAD)}`)).json()) as { messages: unknown[] };
    expect(thread.messages).toEqual([
      expect.objectContaining({ id, text: 'contrato assinado', media: { mime: 'application/pdf', fileName: 'contrato.pdf', size: PDF.length } }),
    ]);
    const out: string[] = [];
    expect(await runCli(['--thread', LEAD], { env: { SIMULATOR_URL: server.url }, out: (l) => void out.push(l), err: () => undefined })).toBe(0);
    expect(out).toEqual([expect.stringMatching(new RegExp(`${id}  \\[application/pdf, ${PDF.length} bytes, contrato\\.pdf\\] contrato assinado$`))]);
    // A file alone, without text, is a message too.
    expect((await post({ from: LEAD, media: { base64: randomBytes(100).toString('base64'), mime: 'image/webp' } })).status).toBe(201);
  });

  it('answers 400 naming the field for what WhatsApp could not carry', async () => {
    await start();
    const b64 = PDF.toString('base64');
    const cases: [unknown, string][] = [
      [{ from: LEAD }, 'text'],
      [{ from: LEAD, media: { base64: 'não é base64', mime: 'image/jpeg' } }, 'media.base64'],
      [{ from: LEAD, media: { base64: '', mime: 'image/jpeg' } }, 'media.base64'],
      [{ from: LEAD, media: { base64: b64, mime: 'pdf' } }, 'media.mime'],
      [{ from: LEAD, media: { base64: b64 } }, 'media.mime'],
      [{ from: LEAD, text: 'ouve', media: { base64: b64, mime: 'audio/ogg; codecs=opus' } }, 'text'],
      [{ from: LEAD, media: { base64: b64, mime: 'image/jpeg', fileName: 'foto.jpg' } }, 'media.fileName'],
      [{ from: LEAD, media: { base64: b64, mime: 'application/pdf', fileName: 'x'.repeat(256) } }, 'media.fileName'],
      [{ from: LEAD, media: { base64: Buffer.alloc(MAX_SIM_MEDIA_BYTES + 1).toString('base64'), mime: 'application/pdf' } }, 'media.base64'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, `${field}: ${JSON.stringify(body).slice(0, 80)}`).toBe(400);
      expect(await res.json()).toMatchObject({ field, error: expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}: `)) });
    }
    expect((await post({ from: LEAD, media: { base64: Buffer.alloc(MAX_SIM_MEDIA_BYTES).toString('base64'), mime: 'application/pdf' } })).status).toBe(201);
  });
});
