import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { WAMediaUploadFunction } from '@whiskeysockets/baileys';

const ROUTE = /^\/simulator\/media\/([a-f0-9]{32})\.enc$/;

interface Hosted {
  file: string;
  /** Answers 410, as WhatsApp's CDN does for media older than a few weeks. */
  gone: boolean;
}

/**
 * The simulator's stand-in for WhatsApp's media servers: it takes the
 * encrypted files Baileys' sending side uploads (`upload`, the same function
 * shape a real socket uses) and serves them on loopback, so the connector's
 * download fetches and decrypts exactly what a phone would have sent.
 *
 * Started on first use, so a simulator that only ever sees text opens no port
 * and writes no file.
 */
export function createMediaHost() {
  const hosted = new Map<string, Hosted>();
  let running: Promise<{ server: http.Server; dir: string; base: string }> | null = null;
  let closed = false;

  const serve = (req: http.IncomingMessage, res: http.ServerResponse, port: number) => {
    const reply = (status: number, text: string) => {
      res.statusCode = status;
      res.setHeader('content-type', 'text/plain');
      res.end(text);
    };
    // Encrypted bytes are no secret, but keep the simulator's rule: loopback names only.
    const host = (req.headers.host ?? '').toLowerCase();
    if (!['127.0.0.1', 'localhost', '[::1]'].some((h) => host === `${h}:${port}`)) return reply(403, 'loopback only');
    const id = ROUTE.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)?.[1];
    const media = id ? hosted.get(id) : undefined;
    if (!media) return reply(404, 'not found');
    if (req.method !== 'GET') return reply(405, 'method not allowed');
    if (media.gone) return reply(410, 'gone');
    fs.stat(media.file).then(
      (stat) => {
        res.setHeader('content-type', 'application/octet-stream');
        res.setHeader('content-length', stat.size);
        createReadStream(media.file).on('error', () => res.destroy()).pipe(res);
      },
      () => reply(404, 'not found'),
    );
  };

  const start = async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'leadwire-sim-media-'));
    let port = 0;
    const server = http.createServer((req, res) => serve(req, res, port));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
    return { server, dir, base: `http://127.0.0.1:${port}/simulator/media` };
  };

  const ready = () => {
    if (closed) throw new Error('the simulator is closed');
    running ??= start().catch((err: unknown) => {
      running = null;
      throw err;
    });
    return running;
  };

  const idOf = (url: string) => /\/([a-f0-9]{32})\.enc$/.exec(new URL(url).pathname)?.[1];

  return {
    /**
     * Keeps a copy of the encrypted file (Baileys deletes its own once the
     * upload returns), refusing one whose hash is not the one announced, as
     * WhatsApp's upload endpoint does.
     */
    upload: (async (encFilePath, { fileEncSha256B64 }) => {
      const { dir, base } = await ready();
      const bytes = await fs.readFile(encFilePath);
      if (createHash('sha256').update(bytes).digest('base64') !== fileEncSha256B64) throw new Error('uploaded media does not match its fileEncSha256');
      const id = randomBytes(16).toString('hex');
      const file = path.join(dir, `${id}.enc`);
      await fs.writeFile(file, bytes);
      hosted.set(id, { file, gone: false });
      // WhatsApp answers a path on its https media host too. Baileys builds
      // `https://<host><directPath>` whenever there is a directPath, and uses
      // `url` as it is only without one: this loopback host speaks plain http,
      // so it gives none.
      return { mediaUrl: `${base}/${id}.enc`, directPath: '' };
    }) satisfies WAMediaUploadFunction,

    /** The phone uploads a file again: the same bytes under a new URL. */
    async reupload(url: string): Promise<string> {
      const { base } = await ready();
      const media = hosted.get(idOf(url) ?? '');
      if (!media) throw new Error('the simulator has no such media');
      const id = randomBytes(16).toString('hex');
      hosted.set(id, { file: media.file, gone: false });
      return `${base}/${id}.enc`;
    },

    /** Makes a URL answer 410 Gone, as an old media URL does. */
    expire(url: string): void {
      const media = hosted.get(idOf(url) ?? '');
      if (media) media.gone = true;
    },

    async close(): Promise<void> {
      closed = true;
      if (!running) return;
      const { server, dir } = await running;
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export type MediaHost = ReturnType<typeof createMediaHost>;
