import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubCall {
  /** `ingestWhatsAppMessages` or `updateMessageStatus`, read from the query. */
  operation: string;
  variables: Record<string, any>;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface StubAnswer {
  status?: number;
  body?: unknown;
}

/** Answers a call, or returns undefined for the default (success). */
export type StubBehaviour = (call: StubCall, index: number) => StubAnswer | undefined;

/**
 * The router's side of the connector's two calls, on 127.0.0.1, for unit
 * tests: it records every call and answers as `behave` says, successfully
 * by default. `accepted` lists the ingest batches it answered with success.
 */
export async function startStubRouter(opts: { port?: number } = {}) {
  const calls: StubCall[] = [];
  const accepted: StubCall[] = [];
  const statuses: StubCall[] = [];
  let behave: StubBehaviour = () => undefined;

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables: Record<string, any> };
    const operation = /ingestWhatsAppMessages/.test(query) ? 'ingestWhatsAppMessages' : /updateMessageStatus/.test(query) ? 'updateMessageStatus' : 'unknown';
    const call: StubCall = { operation, variables, headers: req.headers, at: Date.now() };
    const index = calls.push(call) - 1;
    const answer = behave(call, index);
    let status = answer?.status ?? 200;
    let body = answer?.body;
    if (!answer) {
      if (operation === 'ingestWhatsAppMessages') {
        accepted.push(call);
        body = { data: { ingestWhatsAppMessages: { accepted: variables.input.messages.length, duplicates: 0 } } };
      } else if (operation === 'updateMessageStatus') {
        statuses.push(call);
        body = { data: { updateMessageStatus: { id: `msg-${variables.waMessageId}` } } };
      } else {
        status = 400;
        body = { errors: [{ message: 'unknown operation', extensions: { code: 'BAD_USER_INPUT' } }] };
      }
    }
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    calls,
    accepted,
    /** Successful updateMessageStatus calls. */
    statuses,
    behave(fn: StubBehaviour) {
      behave = fn;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

export type StubRouter = Awaited<ReturnType<typeof startStubRouter>>;

export const graphQLError = (code: string, message: string, field?: string): StubAnswer => ({
  status: code === 'BAD_USER_INPUT' ? 400 : 200,
  body: { data: null, errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] },
});

/** A port nothing listens on (yet). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
