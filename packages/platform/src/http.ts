import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import client from 'prom-client';
import type { Logger } from './logger.ts';
import { REQUEST_ID_HEADER } from './identity.ts';

const MAX_BODY_BYTES = 1_000_000;

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function headerMap(req: http.IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

export function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
}

/**
 * Serves an ApolloServer on a plain node:http request, the way Apollo's own
 * integrations do, without a web framework in the hot path.
 */
export async function handleGraphQL<Ctx extends BaseContext>(
  apollo: ApolloServer<Ctx>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  context: () => Promise<Ctx>,
  extraHeaders: Record<string, string> = {},
): Promise<void> {
  let body: unknown;
  if (req.method === 'POST') {
    const raw = await readBody(req);
    try {
      body = raw.length ? JSON.parse(raw) : {};
    } catch {
      throw new HttpError(400, 'request body is not valid JSON');
    }
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMap(req), search: url.search, body },
    context,
  });
  for (const [key, value] of result.headers) res.setHeader(key, value);
  for (const [key, value] of Object.entries(extraHeaders)) res.setHeader(key, value);
  res.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

export function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(value));
}

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

export interface ServiceOptions {
  name: string;
  port: number;
  /** 127.0.0.1 unless configured (`HOST=0.0.0.0` in a container that publishes the port). */
  host?: string;
  log: Logger;
  graphql: Route;
  /** Readiness: true when every dependency answers. */
  ready: () => Promise<boolean>;
  /** Where `/metrics` is served; `false` keeps it off this listener. */
  registry?: client.Registry | false;
  /** Answers paths no route took (404 by default). */
  fallback?: Route;
}

export interface RunningService {
  name: string;
  server: http.Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Every process exposes the same operational surface: `/graphql`,
 * `/healthz` (alive), `/readyz` (dependencies answer) and `/metrics`.
 */
export async function startService(opts: ServiceOptions): Promise<RunningService> {
  const registry = opts.registry === undefined ? client.register : opts.registry;
  let draining = false;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = async () => {
      if (path === '/graphql') return opts.graphql(req, res);
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok', service: opts.name });
      if (path === '/readyz') {
        const ok = !draining && (await opts.ready().catch(() => false));
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', service: opts.name });
      }
      if (path === '/metrics' && registry) {
        res.setHeader('content-type', registry.contentType);
        res.end(await registry.metrics());
        return;
      }
      if (opts.fallback) return opts.fallback(req, res);
      sendJson(res, 404, { error: 'not found' });
    };
    route().catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status >= 500) opts.log.error({ err }, 'request failed');
      if (!res.headersSent) sendJson(res, status, { errors: [{ message: status >= 500 ? 'internal error' : (err as Error).message }] });
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  // A port already taken must fail the start, not surface later as an uncaught 'error' event.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    name: opts.name,
    server,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      draining = true;
      // Stop accepting, let in-flight requests finish, then drop idle keep-alives.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(timer);
    },
  };
}

/** Ctrl-C / SIGTERM: run the closers once, in order, then exit. */
export function onShutdown(log: Logger, closers: Array<() => Promise<void>>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    for (const close of closers) {
      await close().catch((err: unknown) => log.error({ err }, 'error during shutdown'));
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
