import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@leadwire/platform/logger';
import { zPhone } from '@leadwire/platform/validation';
import { z } from 'zod';
import { MAX_BODY } from '../inbound/map-message.ts';
import { SimulatorError, type Simulator } from './simulator.ts';

const MAX_REQUEST_BYTES = 64 * 1024;

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
 * `POST /simulator/messages` makes a lead write to a session,
 * `GET /simulator/messages?phone=` reads a lead's whole thread back.
 * It listens on loopback only and answers only requests addressed to
 * loopback, so a web page cannot reach it through DNS rebinding.
 */
export async function startSimulatorServer(opts: SimulatorServerOptions): Promise<SimulatorServer> {
  const phone = zPhone(opts.defaultRegion);
  const postSchema = z.object({
    from: phone,
    name: z.string().trim().min(1, 'is empty').max(120).optional(),
    text: z
      .string()
      .max(MAX_BODY, `must be at most ${MAX_BODY} characters`)
      .refine((t) => t.trim().length > 0, 'is required'),
    session: z.string().trim().min(1).max(40).optional(),
  });
  const getSchema = z.object({ phone });
  let allowedHosts: Set<string>;

  const server = http.createServer((req, res) => {
    const route = async () => {
      if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) throw new ApiError(403, 'the simulator answers on loopback only');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/simulator/messages') throw new ApiError(404, 'not found');
      if (req.method === 'POST') {
        const input = parse(postSchema, await readJson(req));
        const { id } = opts.simulator.receive(input);
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
      if (err instanceof ApiError) return send(res, err.status, { error: err.message, field: err.field });
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
