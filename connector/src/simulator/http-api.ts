import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@leadwire/platform/logger';
import { zPhone } from '@leadwire/platform/validation';
import { z } from 'zod';
import { MAX_BODY, MAX_FILE_NAME } from '../inbound/map-message.ts';
import { isPhonePagePath, loadPhonePage } from './phone-page.ts';
import { mediaKindOf } from './simulated-socket.ts';
import { SimulatorError, type Simulator } from './simulator.ts';

/** The largest file a simulated lead may send (decoded). */
export const MAX_SIM_MEDIA_BYTES = 16 * 1024 * 1024;
// The media's base64 plus room for the rest of the message.
const MAX_REQUEST_BYTES = Math.ceil(MAX_SIM_MEDIA_BYTES / 3) * 4 + 64 * 1024;
const MIME = /^[\w.+-]+\/[\w.+-]+(;.*)?$/;

export interface SimulatorServerOptions {
  simulator: Simulator;
  port: number;
  defaultRegion: string;
  log: Logger;
}

export interface SimulatorServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function send(res: http.ServerResponse, status: number, value: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(value));
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.') || undefined;
  throw new ApiError(400, field ? `${field}: ${issue.message}` : issue.message, field);
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  // Browsers send cross-site form posts as text/plain or form data without
  // asking first; requiring JSON keeps a web page from posting here.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new ApiError(415, 'send JSON (content-type: application/json)');
  // Said up front, a body too large is refused before it is read.
  if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) throw new ApiError(413, 'request body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new ApiError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError(400, 'request body is not valid JSON');
  }
}

/**
 * The simulator's HTTP API, for people and the CLI during development:
 * `POST /simulator/messages` makes a lead write to a session (text, or a
 * file as `media: { base64, mime, fileName? }` with `text` as its caption),
 * `GET /simulator/messages?phone=` reads a lead's whole thread back, and
 * `GET /` (or `/simulator`) is a page to chat through as a lead.
 * It listens on loopback only and answers only requests addressed to
 * loopback, so a web page cannot reach it through DNS rebinding.
 */
export async function startSimulatorServer(opts: SimulatorServerOptions): Promise<SimulatorServer> {
  const phone = zPhone(opts.defaultRegion);
  const postSchema = z
    .object({
      from: phone,
      name: z.string().trim().min(1, 'is empty').max(120).optional(),
      text: z
        .string()
        .max(MAX_BODY, `must be at most ${MAX_BODY} characters`)
        .refine((t) => t.trim().length > 0, 'is required')
        .optional(),
      media: z
        .object({
          base64: z
            .string()
            .max(Math.ceil(MAX_SIM_MEDIA_BYTES / 3) * 4, `must decode to at most ${MAX_SIM_MEDIA_BYTES} bytes`)
            .pipe(z.base64('is not base64'))
            .transform((b64) => Buffer.from(b64, 'base64'))
            .refine((bytes) => bytes.length > 0, 'is empty')
            .refine((bytes) => bytes.length <= MAX_SIM_MEDIA_BYTES, `must decode to at most ${MAX_SIM_MEDIA_BYTES} bytes`),
          mime: z.string().trim().max(255).regex(MIME, 'is not a mime type'),
          fileName: z.string().trim().min(1, 'is empty').max(MAX_FILE_NAME).optional(),
        })
        .optional(),
      session: z.string().trim().min(1).max(40).optional(),
    })
    .superRefine((input, ctx) => {
      if (!input.text && !input.media) ctx.addIssue({ code: 'custom', path: ['text'], message: 'is required (or media)' });
      const kind = input.media && mediaKindOf(input.media.mime);
      // WhatsApp itself has no caption on audio and no file name but on documents.
      if (kind === 'audio' && input.text) ctx.addIssue({ code: 'custom', path: ['text'], message: 'audio carries no caption' });
      if (kind && kind !== 'document' && input.media?.fileName) {
        ctx.addIssue({ code: 'custom', path: ['media', 'fileName'], message: 'only documents carry a file name' });
      }
    });
  const getSchema = z.object({ phone });
  const phonePage = await loadPhonePage();
  let allowedHosts: Set<string>;

  const server = http.createServer((req, res) => {
    const route = async () => {
      if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) throw new ApiError(403, 'the simulator answers on loopback only');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (isPhonePagePath(url.pathname)) {
        if (req.method === 'GET' || req.method === 'HEAD') return phonePage(url.pathname, req, res);
        res.setHeader('allow', 'GET, HEAD');
        throw new ApiError(405, 'method not allowed');
      }
      if (url.pathname !== '/simulator/messages') throw new ApiError(404, 'not found');
      if (req.method === 'POST') {
        const { media, text, ...input } = parse(postSchema, await readJson(req));
        const { id } = media
          ? await opts.simulator.receiveMedia({ ...input, text, media: { bytes: media.base64, mime: media.mime, fileName: media.fileName } })
          : opts.simulator.receive({ ...input, text: text! });
        return send(res, 201, { id });
      }
      if (req.method === 'GET') {
        // A "+" left unencoded in a query string arrives as a space.
        const raw = url.searchParams.get('phone')?.replace(/^ /, '+');
        const { phone: e164 } = parse(getSchema, { phone: raw });
        return send(res, 200, { messages: opts.simulator.thread(e164) });
      }
      res.setHeader('allow', 'GET, POST');
      throw new ApiError(405, 'method not allowed');
    };
    route().catch((err: unknown) => {
      if (err instanceof SimulatorError) {
        return send(res, err.code === 'UNKNOWN_SESSION' ? 404 : 503, { error: err.message, field: err.code === 'UNKNOWN_SESSION' ? 'session' : undefined });
      }
      if (err instanceof ApiError) {
        // The rest of a refused body is never read: the connection cannot carry another request.
        if (err.status === 413) res.setHeader('connection', 'close');
        return send(res, err.status, { error: err.message, field: err.field });
      }
      opts.log.error({ err }, 'simulator request failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.end();
    });
  });

  // Never a public interface, whatever HOST says: it lets anyone speak as any lead.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set(['127.0.0.1', 'localhost', '[::1]'].map((h) => `${h}:${port}`));
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
