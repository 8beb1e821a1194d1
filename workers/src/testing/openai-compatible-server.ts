import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for tests and benches:
 * `POST /v1/chat/completions` and `GET /v1/models` in OpenAI's wire format,
 * answering each request as the test says (normal, slow, malformed, failing)
 * and recording what it received and how each request ended.
 */

export type Behaviour =
  /** 200 with `reply` merged over a plausible reading of the message (see `wireReply`). */
  | { kind: 'answer'; reply?: WireReply | ((req: RecordedRequest) => WireReply); delayMs?: number }
  /** 200 with this exact assistant content (not JSON, off-schema...). */
  | { kind: 'content'; content: string; delayMs?: number }
  | { kind: 'malformed'; as: 'not-json' | 'off-schema'; delayMs?: number }
  | { kind: 'status'; status: number; delayMs?: number; retryAfterSeconds?: number }
  /** Destroys the connection without an answer. */
  | { kind: 'reset'; delayMs?: number }
  /** Never answers; the client has to give up. */
  | { kind: 'hang' };

export type RequestEnd = 'answered' | 'aborted' | 'reset';

export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (undefined for GET). */
  body: any;
  /** The system prompt and the lead's text, for chat completions. */
  systemPrompt: string;
  userText: string;
  /** How the exchange ended: `aborted` when the client closed the connection before the answer. */
  ended: Promise<RequestEnd>;
  end: RequestEnd | null;
}

/** The wire reply: keys left out get a neutral default (every field null). */
export interface WireReply {
  lang?: 'pt' | 'en';
  intents?: string[];
  sentiment?: string;
  fields?: Record<string, unknown>;
  faqId?: string | null;
  confidence?: number;
}

export interface OpenAiCompatibleServerOptions {
  /** What every request gets unless one is queued with `enqueue`; a normal answer by default. */
  behaviour?: Behaviour | ((req: RecordedRequest) => Behaviour);
  /** Delay before every answer whose behaviour sets none (a bench's fixed model latency). */
  latencyMs?: number;
  model?: string;
}

export interface OpenAiCompatibleServer {
  /** Base URL for the SDK (`…/v1`). */
  url: string;
  requests: RecordedRequest[];
  /** Only the chat completion requests. */
  completions(): RecordedRequest[];
  /** From now on every request gets `behaviour`; anything still queued is dropped. */
  respondWith(behaviour: Behaviour | ((req: RecordedRequest) => Behaviour)): void;
  /** Behaviours for the next requests, in order, before the default applies again. */
  enqueue(...behaviours: Behaviour[]): void;
  close(): Promise<void>;
}

const FIELDS = ['name', 'cpf', 'income', 'product', 'value', 'downPayment', 'city', 'state', 'employment', 'timeframeMonths'];
const AMOUNT_FIELDS = new Set(['income', 'value', 'downPayment']);
const UF = /(?:[/,-]\s*|\b)(AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO)\b/;

export function wireReply(partial: WireReply = {}): Required<WireReply> {
  return {
    lang: partial.lang ?? 'pt',
    intents: partial.intents ?? ['GIVES_INFO'],
    sentiment: partial.sentiment ?? 'NEUTRAL',
    fields: { ...Object.fromEntries(FIELDS.map((f) => [f, null])), ...partial.fields },
    faqId: partial.faqId ?? null,
    confidence: partial.confidence ?? 0.9,
  };
}

function amount(text: string): number | null {
  // "8.500,00", "8500", "8,5 mil", "450 mil", "1,2 milhão", "1.2 million", "8k".
  const m = /(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,](\d{1,2}))?\s*(mil\b|k\b|milh(?:ão|ões)|million)?/i.exec(text.replace(/R?\$\s*/g, ''));
  if (!m) return null;
  const n = Number(`${m[1].replace(/[.,]/g, '')}.${m[2] ?? 0}`);
  const unit = m[3]?.toLowerCase();
  return unit === 'mil' || unit === 'k' ? n * 1000 : unit ? n * 1_000_000 : n;
}

/**
 * A plausible (not accurate) reading, good enough for a bench to exercise the
 * agent: the language, a CPF, a UF, and a number for the field the agent asked
 * for (read from the prompt's context block).
 */
export function plausibleReply(req: RecordedRequest): Required<WireReply> {
  const text = req.userText;
  const expecting = /"expecting":"(\w+)"/.exec(req.systemPrompt)?.[1] ?? null;
  const fields: Record<string, unknown> = {};
  const cpf = /\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b/.exec(text);
  if (cpf) fields.cpf = cpf[0].replace(/\D/g, '');
  const uf = UF.exec(text);
  if (uf) fields.state = uf[1];
  const n = cpf ? null : amount(text);
  if (n !== null && expecting && (AMOUNT_FIELDS.has(expecting) || expecting === 'timeframeMonths')) fields[expecting] = n;
  else if (!Object.keys(fields).length && expecting && ['name', 'city'].includes(expecting) && /^[\p{L} ]{2,80}$/u.test(text.trim())) fields[expecting] = text.trim();
  const english = /\b(the|my|is|i|want|hello|hi|thanks)\b/i.test(text);
  const greets = /^(oi|olá|ola|bom dia|boa tarde|boa noite|hello|hi)\b/i.test(text.trim());
  const intents = Object.keys(fields).length ? ['GIVES_INFO'] : greets ? ['GREETS'] : text.includes('?') ? ['ASKS_PRODUCT'] : ['OFF_TOPIC'];
  return wireReply({ lang: english ? 'en' : 'pt', intents, fields });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

export async function startOpenAiCompatibleServer(opts: OpenAiCompatibleServerOptions = {}): Promise<OpenAiCompatibleServer> {
  const model = opts.model ?? 'leadwire-test-model';
  let behaviour = opts.behaviour ?? { kind: 'answer' };
  const queue: Behaviour[] = [];
  const requests: RecordedRequest[] = [];

  function completion(content: string) {
    return {
      id: `chatcmpl-${randomUUID()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    };
  }

  function respond(b: Behaviour, req: RecordedRequest, res: ServerResponse) {
    switch (b.kind) {
      case 'answer': {
        const reply = typeof b.reply === 'function' ? b.reply(req) : b.reply;
        return json(res, 200, completion(JSON.stringify(reply ? wireReply(reply) : plausibleReply(req))));
      }
      case 'content':
        return json(res, 200, completion(b.content));
      case 'malformed':
        return json(res, 200, completion(b.as === 'not-json' ? 'Sure! The lead earns 8 mil.' : JSON.stringify(wireReply({ fields: { income: 'oito mil' } }))));
      case 'status': {
        const headers: Record<string, string> = b.retryAfterSeconds === undefined ? {} : { 'retry-after': String(b.retryAfterSeconds) };
        return json(res, b.status, { error: { message: `test server answered ${b.status}`, type: 'server_error', param: null, code: null } }, headers);
      }
      case 'reset':
        res.socket?.destroy();
        return;
      case 'hang':
        return;
    }
  }

  const server = createServer(async (httpReq, res) => {
    let finish!: (end: RequestEnd) => void;
    const rec: RecordedRequest = {
      seq: requests.length + 1,
      method: httpReq.method ?? 'GET',
      path: (httpReq.url ?? '/').split('?')[0],
      headers: httpReq.headers,
      body: undefined,
      systemPrompt: '',
      userText: '',
      ended: new Promise<RequestEnd>((resolve) => (finish = resolve)),
      end: null,
    };
    void rec.ended.then((end) => (rec.end = end));
    requests.push(rec);
    let timer: NodeJS.Timeout | undefined;
    let reset = false;
    res.on('close', () => {
      clearTimeout(timer); // a client that gave up frees the pending answer too
      finish(reset ? 'reset' : res.writableFinished ? 'answered' : 'aborted');
    });
    try {
      rec.body = await readJson(httpReq);
    } catch {
      return json(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error', param: null, code: null } });
    }
    if (rec.method === 'GET' && rec.path === '/v1/models') {
      return json(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'leadwire-test' }] });
    }
    if (rec.method !== 'POST' || rec.path !== '/v1/chat/completions') {
      return json(res, 404, { error: { message: 'not found', type: 'invalid_request_error', param: null, code: null } });
    }
    const messages: Array<{ role: string; content: unknown }> = Array.isArray(rec.body?.messages) ? rec.body.messages : [];
    const text = (role: string) => messages.filter((m) => m.role === role).map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
    rec.systemPrompt = text('system');
    rec.userText = text('user');
    const b = queue.shift() ?? (typeof behaviour === 'function' ? behaviour(rec) : behaviour);
    reset = b.kind === 'reset';
    const delay = b.kind === 'hang' ? 0 : (b.delayMs ?? opts.latencyMs ?? 0);
    if (delay > 0) timer = setTimeout(() => respond(b, rec, res), delay);
    else respond(b, rec, res);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    completions: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    respondWith: (b) => {
      behaviour = b;
      queue.length = 0;
    },
    enqueue: (...b) => void queue.push(...b),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
