// Security item 2: `docker compose up` must be safe to expose. It ran in development
// mode with built-in secrets, published the databases, and served the CRM through
// Vite's dev server, which hands out source files (/@fs/…). These tests pin the
// production defaults: the compose file, the image, and the CRM's static server.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { parse } from 'yaml';
import { startWebServer, type WebServer } from '../../../../web/server.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const SECRETS = ['JWT_SECRET', 'ROUTER_SIGNING_SECRET', 'POSTGRES_PASSWORD'] as const;

// --- docker-compose.yml, as written or as `docker compose config` resolves it ---

interface ComposeFacts {
  /** Every published port as `service:host->container`. */
  published: string[];
  env: Record<string, Record<string, string>>;
  networks: Record<string, string[]>;
  internal: Set<string>;
  networkMode: Record<string, unknown>;
}

function portOf(entry: unknown): { host: string; target: string } {
  if (typeof entry === 'object' && entry !== null) {
    const { published, target } = entry as { published?: unknown; target?: unknown };
    return { host: String(published ?? ''), target: String(target) };
  }
  // "[ip:]host:container[/proto]" or "container" (then a random host port).
  const parts = String(entry).split('/')[0]!.split(':');
  return { host: parts.length > 1 ? parts.at(-2)! : '', target: parts.at(-1)! };
}

function composeFacts(doc: any): ComposeFacts {
  const facts: ComposeFacts = { published: [], env: {}, networks: {}, internal: new Set(), networkMode: {} };
  for (const [name, net] of Object.entries<any>(doc.networks ?? {})) if (net?.internal === true) facts.internal.add(name);
  for (const [name, service] of Object.entries<any>(doc.services ?? {})) {
    for (const entry of service.ports ?? []) {
      const { host, target } = portOf(entry);
      facts.published.push(`${name}:${host}->${target}`);
    }
    const env = service.environment ?? {};
    facts.env[name] = Array.isArray(env)
      ? Object.fromEntries(env.map((e: string) => [e.split('=')[0], e.slice(e.indexOf('=') + 1)]))
      : Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
    facts.networks[name] = Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {});
    facts.networkMode[name] = service.network_mode;
  }
  return facts;
}

function expectProductionShape(facts: ComposeFacts): void {
  expect(facts.published.sort()).toEqual(['platform:4000->4000', 'platform:5173->5173']);
  expect(facts.env.platform?.NODE_ENV).toBe('production');
  expect(facts.env.platform?.PUBLIC_HOST).toBe('0.0.0.0');
  expect(facts.env.postgres).not.toHaveProperty('POSTGRES_HOST_AUTH_METHOD');
  for (const db of ['postgres', 'redis']) {
    expect(facts.networkMode[db], `${db} network_mode`).toBeUndefined();
    expect(facts.networks[db]!.length, `${db} networks`).toBeGreaterThan(0);
    for (const net of facts.networks[db]!) expect(facts.internal.has(net), `${db} on ${net}, which is not internal`).toBe(true);
    // The platform must share one of those networks, or it could not reach them.
    expect(facts.networks.platform!.some((net) => facts.networks[db]!.includes(net)), `platform reaches ${db}`).toBe(true);
  }
  expect(facts.networks.platform!.some((net) => !facts.internal.has(net)), 'platform on a non-internal network').toBe(true);
}

const hasCompose = spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0;
if (!hasCompose) console.warn('02-production-defaults: `docker compose` not available, its config checks are skipped');

function composeConfig(env: Record<string, string>) {
  // An empty --env-file: a developer's .env must not decide whether the secrets are required.
  const tmp = mkdtempSync(join(tmpdir(), 'leadwire-compose-'));
  writeFileSync(join(tmp, 'empty.env'), '');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(SECRETS as readonly string[]).includes(k)));
  try {
    return spawnSync('docker', ['compose', '--env-file', join(tmp, 'empty.env'), '-f', 'docker-compose.yml', 'config', '--format', 'json'], {
      cwd: ROOT,
      env: { ...clean, ...env },
      encoding: 'utf8',
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

describe('docker-compose.yml runs the platform in production mode', () => {
  const source = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));

  test('only the API (4000) and the CRM (5173) are published; the databases sit on an internal network', () => {
    expectProductionShape(composeFacts(source));
  });

  test('the secrets are required, with no default', () => {
    const env = composeFacts(source).env;
    expect(env.platform?.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?[^}]+\}$/);
    expect(env.platform?.ROUTER_SIGNING_SECRET).toMatch(/^\$\{ROUTER_SIGNING_SECRET:\?[^}]+\}$/);
    expect(env.postgres?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    expect(env.platform?.DATABASE_URL).toMatch(/^postgresql:\/\/postgres:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:/);
  });

  test.skipIf(!hasCompose)('docker compose resolves the same shape, and refuses to start without JWT_SECRET', () => {
    const secrets = { JWT_SECRET: 'j'.repeat(48), ROUTER_SIGNING_SECRET: 'r'.repeat(48), POSTGRES_PASSWORD: 'p'.repeat(32) };
    const resolved = composeConfig(secrets);
    expect(resolved.status, resolved.stderr).toBe(0);
    const facts = composeFacts(JSON.parse(resolved.stdout));
    expectProductionShape(facts);
    expect(facts.env.platform?.JWT_SECRET).toBe(secrets.JWT_SECRET);
    expect(facts.env.postgres?.POSTGRES_PASSWORD).toBe(secrets.POSTGRES_PASSWORD);

    const { JWT_SECRET: _omitted, ...withoutJwt } = secrets;
    const refused = composeConfig(withoutJwt);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('JWT_SECRET');
  });
});

// --- Dockerfile ---

function dockerfileStages(text: string): Array<Array<{ op: string; args: string }>> {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: Array<Array<{ op: string; args: string }>> = [];
  for (const line of lines) {
    const [op, ...rest] = line.split(/\s+/);
    if (op!.toUpperCase() === 'FROM') stages.push([]);
    stages.at(-1)?.push({ op: op!.toUpperCase(), args: rest.join(' ') });
  }
  return stages;
}

describe('the Docker image', () => {
  const stages = dockerfileStages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const runtime = stages.at(-1)!;

  test('builds the CRM in a build stage and runs with NODE_ENV=production', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.slice(0, -1).flat().some((i) => i.op === 'RUN' && /\bvite build\b|run build/.test(i.args))).toBe(true);
    const nodeEnv = runtime
      .filter((i) => i.op === 'ENV' || i.op === 'ARG')
      .flatMap((i) => [...i.args.matchAll(/(?:^|\s)NODE_ENV(?:=|\s+)"?([^\s"]+)/g)].map((m) => m[1]));
    expect(nodeEnv.at(-1)).toBe('production');
  });

  test("its runtime stage never starts Vite's dev server", () => {
    const command = runtime.filter((i) => i.op === 'CMD' || i.op === 'ENTRYPOINT').map((i) => i.args).join(' ');
    const runs = runtime.filter((i) => ['CMD', 'ENTRYPOINT', 'RUN'].includes(i.op)).map((i) => i.args);
    for (const args of runs) expect(args).not.toMatch(/\bvite\b|npm run dev|--workspace[= ]web\b.*\bdev\b/);
    // The image runs either the CRM's static server itself or start.ts, which
    // under NODE_ENV=production must launch that server, not Vite.
    expect(command).toMatch(/web\/server\.ts|scripts\/start\.ts/);
    if (command.includes('scripts/start.ts')) {
      const start = readFileSync(join(ROOT, 'scripts', 'start.ts'), 'utf8');
      expect(start).toMatch(/PRODUCTION\s*\?\s*\{[^}]*main:\s*'web\/server\.ts'/);
      expect(start).toMatch(/const PRODUCTION = process\.env\.NODE_ENV === 'production'/);
    }
  });
});

// --- web/server.ts: the CRM's static server and /graphql proxy ---

type Reply = { status: number; headers: IncomingHttpHeaders; body: string };

/** A raw HTTP request: the path goes out exactly as given (fetch would normalise `/../`). */
function send(base: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('web/server.ts', () => {
  const marker = `leak-${Math.random().toString(36).slice(2)}`;
  const INDEX = `<!doctype html><title>index ${marker.slice(5)}</title>`;
  const ASSET = 'console.log("hashed asset");';
  const seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];
  const socketsSeen: IncomingHttpHeaders[] = [];
  let dir: string;
  let upstream: Server;
  let wss: WebSocketServer;
  let web: WebServer;

  beforeAll(async () => {
    // A stand-in for web/: source and secrets beside dist, a dotfile inside it.
    dir = mkdtempSync(join(tmpdir(), 'leadwire-web-'));
    mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'dist', 'index.html'), INDEX);
    writeFileSync(join(dir, 'dist', 'assets', 'app-3f9a1c.js'), ASSET);
    writeFileSync(join(dir, 'dist', '.env'), `JWT_SECRET=${marker}`);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: marker }));
    writeFileSync(join(dir, 'src', 'main.tsx'), `// ${marker}`);

    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { from: 'router' } }));
      });
    });
    wss = new WebSocketServer({ server: upstream, path: '/graphql' });
    wss.on('connection', (socket, req) => {
      socketsSeen.push(req.headers);
      socket.send('hello from the router');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const routerUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    web = await startWebServer({ port: 0, host: '127.0.0.1', distDir: join(dir, 'dist'), routerUrl });
  });

  afterAll(async () => {
    await web?.close();
    wss?.close();
    await new Promise((resolve) => upstream?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    '/@fs/etc/passwd',
    '/@fs/PLACEHOLDER/package.json',
    '/../package.json',
    '/%2e%2e/package.json',
    '/assets/../../package.json',
    '/..%2fpackage.json',
    '/src/main.tsx',
    '/.env',
    '/%2eenv',
  ])('%s returns no file from outside dist, nor a dotfile', async (raw) => {
    const reply = await send(web.url, raw.replace('PLACEHOLDER', dir.slice(1)));
    expect(reply.body).not.toContain(marker);
    expect(reply.body).not.toMatch(/root:.*:0:0:/);
    if (reply.status !== 404) expect({ status: reply.status, body: reply.body }).toEqual({ status: 200, body: INDEX });
  });

  test('app routes get index.html, with security headers and no long-term caching', async () => {
    for (const path of ['/', '/board/42', '/leads/abc?tab=chat']) {
      const reply = await send(web.url, path);
      expect({ path, status: reply.status, body: reply.body }).toEqual({ path, status: 200, body: INDEX });
      expect(reply.headers['content-type']).toMatch(/^text\/html/);
      expect(reply.headers['cache-control']).toBe('no-cache');
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['x-frame-options']).toBe('DENY');
      expect(reply.headers['referrer-policy']).toBeTruthy();
      const csp = String(reply.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(new RegExp(`connect-src 'self' ws://${new URL(web.url).host} wss://${new URL(web.url).host}`));
    }
  });

  test('hashed assets are cached for good; a missing asset is a 404, not index.html', async () => {
    const asset = await send(web.url, '/assets/app-3f9a1c.js');
    expect({ status: asset.status, body: asset.body }).toEqual({ status: 200, body: ASSET });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await send(web.url, '/assets/app-000000.js')).status).toBe(404);
  });

  test('POST and GET /graphql reach the router, with the client appended to X-Forwarded-For', async () => {
    seen.length = 0;
    const query = JSON.stringify({ query: '{ __typename }' });
    const post = await send(web.url, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
      body: query,
    });
    expect(JSON.parse(post.body)).toEqual({ data: { from: 'router' } });
    const get = await send(web.url, '/graphql?query=%7B__typename%7D');
    expect(get.status).toBe(200);
    expect(seen.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'POST', url: '/graphql', body: query },
      { method: 'GET', url: '/graphql?query=%7B__typename%7D', body: '' },
    ]);
    const chain = (i: number) => String(seen[i]!.headers['x-forwarded-for']).split(',').map((s) => s.trim());
    expect(chain(0)).toEqual(['203.0.113.9', '127.0.0.1']);
    expect(chain(1)).toEqual(['127.0.0.1']);
  });

  test('a graphql-ws upgrade on /graphql reaches the router; other paths are refused', async () => {
    const socket = new WebSocket(`${web.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const first = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve(data.toString()));
      socket.once('error', reject);
    });
    expect(first).toBe('hello from the router');
    expect(socket.protocol).toBe('graphql-transport-ws');
    expect(String(socketsSeen.at(-1)?.['x-forwarded-for']).split(',').map((s) => s.trim())).toEqual(['127.0.0.1']);
    socket.close();

    const stray = new WebSocket(`${web.url.replace('http', 'ws')}/src/main.tsx`);
    const outcome = await new Promise<string>((resolve) => {
      stray.once('open', () => resolve('open'));
      stray.once('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });

  test('refuses to start without a built index.html', async () => {
    await expect(startWebServer({ port: 0, distDir: join(dir, 'src') })).rejects.toThrow(/index\.html not found/);
  });
});
