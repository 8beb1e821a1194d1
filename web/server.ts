// The CRM in production: the built app (web/dist) plus a same-origin /graphql
// proxy to the router. Vite's dev server must never face users: it answers
// /@fs/… and /src/… with the project's source files.
//
//   tsx web/server.ts   (PORT 5173, HOST 127.0.0.1, LEADWIRE_ROUTER_URL http://127.0.0.1:4000)
import { existsSync } from 'node:fs';
import { Agent, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createProxyServer } from 'http-proxy-3';
import sirv from 'sirv';

export interface WebServerOptions {
  port?: number;
  host?: string;
  /** The output of `vite build`; only files inside it are ever served. */
  distDir?: string;
  /** The router's origin; `/graphql` is appended by the proxy as requested. */
  routerUrl?: string;
}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';
const DEFAULT_DIST = resolve(import.meta.dirname, 'dist');
const DEFAULT_ROUTER_URL = 'http://127.0.0.1:4000';
// In-flight requests get this long to finish on close before their sockets are cut.
const CLOSE_GRACE_MS = 2_000;
// A Host header is echoed into the CSP only when it is a plain host[:port].
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * `connect-src 'self'` covers ws:/wss: only in CSP Level 3 browsers; naming
 * the page's own host for both schemes keeps graphql-ws working everywhere.
 */
function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function setSecurityHeaders(res: ServerResponse, host: string | undefined): void {
  res.setHeader('content-security-policy', contentSecurityPolicy(host));
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
}

/** The raw path, unnormalised: `/x/../graphql` is not the API, and sirv decides what it is. */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?', 1)[0]!;
}

function plain(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body);
}

export async function startWebServer({
  port = 5173,
  host = '127.0.0.1',
  distDir = DEFAULT_DIST,
  routerUrl = DEFAULT_ROUTER_URL,
}: WebServerOptions = {}): Promise<WebServer> {
  const root = resolve(distDir);
  if (!existsSync(resolve(root, 'index.html'))) {
    throw new Error(`${root}/index.html not found: build the CRM first (npm --prefix web run build)`);
  }

  // Production mode (dev: false) indexes dist once at start: a request can only
  // ever map to one of those files, so no path can climb out of dist. Dotfiles
  // are left out of the index; paths with an extension that match no file get
  // a 404 instead of the SPA's index.html.
  const serve = sirv(root, {
    dev: false,
    etag: true,
    single: true,
    dotfiles: false,
    setHeaders(res, pathname) {
      // Vite names everything under assets/ by content hash: a new build means new
      // names, so those may be cached forever; index.html must always revalidate.
      const hashed = pathname.startsWith('/assets/') && /\.[A-Za-z0-9]+$/.test(pathname);
      res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  const agent = new Agent({ keepAlive: true });
  // xfwd appends the client's address to X-Forwarded-For (and sets -Proto, -Port):
  // the router trusts that header only from loopback, where this proxy runs.
  const proxy = createProxyServer({ target: routerUrl, xfwd: true, ws: true, agent });
  proxy.on('error', (err, _req, res) => {
    if ('writeHead' in res) {
      process.stderr.write(`web: /graphql proxy error: ${err.message}\n`);
      if (res.headersSent) res.destroy();
      else plain(res, 502, 'The API is unavailable');
    } else {
      res.destroy();
    }
  });

  // Upgraded sockets leave the HTTP server's bookkeeping; close() must end them itself.
  const upgraded = new Set<Duplex>();
  const server = createServer((req, res) => {
    const path = pathOf(req);
    if (path === GRAPHQL_PATH) return proxy.web(req, res);
    if (path === '/healthz' || path === '/readyz') return plain(res, 200, 'ok');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method Not Allowed', { allow: 'GET, HEAD' });
    setSecurityHeaders(res, req.headers.host);
    serve(req, res, () => plain(res, 404, 'Not Found'));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (pathOf(req) !== GRAPHQL_PATH) {
      socket.destroy();
      return;
    }
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    proxy.ws(req, socket, head);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost =
    address.address === '0.0.0.0' || address.address === '::'
      ? '127.0.0.1'
      : address.address.includes(':')
        ? `[${address.address}]`
        : address.address;

  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => {
          agent.destroy();
          done();
        });
        server.closeIdleConnections();
        // graphql-ws clients reconnect on their own, to whichever server is up.
        for (const socket of upgraded) socket.destroy();
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      }),
  };
}

function envPort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${value}`);
  return port;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const routerUrl = process.env.LEADWIRE_ROUTER_URL ?? DEFAULT_ROUTER_URL;
  const web = await startWebServer({ port: envPort(process.env.PORT, 5173), host: process.env.HOST || '127.0.0.1', routerUrl });
  process.stdout.write(`web: serving ${DEFAULT_DIST} on ${web.url}, ${GRAPHQL_PATH} proxied to ${routerUrl}\n`);
  const stop = () => void web.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
