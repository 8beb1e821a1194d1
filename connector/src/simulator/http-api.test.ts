import http from 'node:http';
import { createLogger } from '@leadwire/platform/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { startSimulatorServer, type SimulatorServer } from './http-api.ts';
import { createSimulator, type Simulator } from './simulator.ts';

const LEAD = '+5511987654321';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sim: Simulator;
let server: SimulatorServer;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  sim = createSimulator({ receiptDelaysMs: [5, 10, 15] });
  for (const s of [{ id: 'agent', kind: 'AGENT' as const }, { id: 'team', kind: 'TEAM' as const }]) {
    const source = sim.source(s);
    source.onSocket(() => undefined);
    stops.push(() => source.stop());
  }
  server = await startSimulatorServer({ simulator: sim, port: 0, defaultRegion: 'BR', log: createLogger('test', 'silent') });
  await sleep(5);
});

afterAll(async () => {
  await server.close();
  for (const stop of stops) await stop();
});

const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${server.url}/simulator/messages`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('simulator HTTP API', () => {
  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('takes a lead message and answers its WhatsApp id; the thread reads it back', async () => {
    const res = await post({ from: LEAD, name: 'Maria', text: 'Oi, vi o anúncio' });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^3EB0[0-9A-F]{18}$/);
    await sim.socket('team')!.sendMessage('5511987654321@s.whatsapp.net', { text: 'Oi Maria' }, { messageId: 'OUT1' });

    const thread = await fetch(`${server.url}/simulator/messages?phone=${encodeURIComponent(LEAD)}`);
    expect(thread.status).toBe(200);
    const { messages } = (await thread.json()) as { messages: { id: string; direction: string; text: string; status: string; at: string; session: string }[] };
    expect(messages.map((m) => [m.id, m.session, m.direction, m.text])).toEqual([
      [id, 'agent', 'IN', 'Oi, vi o anúncio'],
      ['OUT1', 'team', 'OUT', 'Oi Maria'],
    ]);
    expect(Date.parse(messages[0]!.at)).not.toBeNaN();
    // An unencoded "+" (a space once decoded) and a national format find the same thread.
    const raw = (await (await fetch(`${server.url}/simulator/messages?phone=+5511987654321`)).json()) as { messages: unknown[] };
    expect(raw.messages).toHaveLength(2);
    const national = (await (await fetch(`${server.url}/simulator/messages?phone=${encodeURIComponent('(11) 98765-4321')}`)).json()) as { messages: unknown[] };
    expect(national.messages).toHaveLength(2);
  });

  it('sends to the named session', async () => {
    const res = await post({ from: '+5511912345678', text: 'para o time', session: 'team' });
    expect(res.status).toBe(201);
    expect(sim.thread('+5511912345678')[0]!.session).toBe('team');
  });

  it('answers 400 naming the field for a bad phone, text or name', async () => {
    const cases: [unknown, string][] = [
      [{ from: '123', text: 'oi' }, 'from'],
      [{ from: 'not a phone', text: 'oi' }, 'from'],
      [{ text: 'oi' }, 'from'],
      [{ from: LEAD }, 'text'],
      [{ from: LEAD, text: '   ' }, 'text'],
      [{ from: LEAD, text: 'a'.repeat(4097) }, 'text'],
      [{ from: LEAD, text: 'oi', name: 'x'.repeat(121) }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(await res.json()).toMatchObject({ field, error: expect.stringMatching(new RegExp(`^${field}: `)) });
    }
    expect((await post({ from: LEAD, text: 'a'.repeat(4096) })).status).toBe(201);
    const bad = await fetch(`${server.url}/simulator/messages?phone=abc`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'phone' });
    expect((await fetch(`${server.url}/simulator/messages`)).status).toBe(400);
  });

  it('answers an unknown session with 404, and malformed requests plainly', async () => {
    const unknown = await post({ from: LEAD, text: 'oi', session: 'nope' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ field: 'session' });
    expect((await post('{not json')).status).toBe(400);
    // A form post, which a web page could make without asking, is refused.
    expect((await post(JSON.stringify({ from: LEAD, text: 'oi' }), { 'content-type': 'text/plain' })).status).toBe(415);
    // Room for a 16 MB file in base64, and no more.
    expect((await post({ from: LEAD, text: 'x'.repeat(23 * 1024 * 1024) })).status).toBe(413);
    expect((await fetch(`${server.url}/simulator/other`)).status).toBe(404);
    expect((await fetch(`${server.url}/simulator/messages`, { method: 'DELETE' })).status).toBe(405);
  });

  it('answers only requests addressed to loopback (no DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${server.url}/simulator/messages?phone=${encodeURIComponent(LEAD)}`, { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('simulate CLI', () => {
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { env: { SIMULATOR_URL: server.url }, out: (l) => void out.push(l), err: (l) => void err.push(l) });
    return { code, out, err };
  };

  it('posts as a lead and prints the id, then prints the thread', async () => {
    const sent = await run('--from', '+5511955554444', '--name', 'João', 'Quero', 'financiar');
    expect(sent.code).toBe(0);
    expect(sent.out).toEqual([expect.stringMatching(/^3EB0[0-9A-F]{18}$/)]);
    expect(sim.thread('+5511955554444')).toMatchObject([{ id: sent.out[0], text: 'Quero financiar', session: 'agent' }]);

    const thread = await run('--thread', '+5511955554444');
    expect(thread.code).toBe(0);
    expect(thread.out).toHaveLength(1);
    expect(thread.out[0]).toMatch(/IN {2}agent +RECEIVED +3EB0[0-9A-F]{18} {2}Quero financiar$/);
  });

  it('sends to --session and reports what the API refused', async () => {
    expect((await run('--from', '+5511955553333', '--session', 'team', 'oi')).code).toBe(0);
    expect(sim.thread('+5511955553333')[0]!.session).toBe('team');
    const bad = await run('--from', '12', 'oi');
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toMatch(/from: is not a valid phone number/);
  });

  it('prints usage for missing arguments and says when no simulator answers', async () => {
    expect((await run('--from', LEAD)).code).toBe(2);
    expect((await run('oi')).code).toBe(2);
    expect((await run('--thread', LEAD, '--from', LEAD)).code).toBe(2);
    const closed = await runCli(['--from', LEAD, 'oi'], { env: { SIMULATOR_URL: 'http://127.0.0.1:9' }, out: () => undefined, err: () => undefined });
    expect(closed).toBe(1);
  });
});
