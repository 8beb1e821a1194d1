import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createApiClient, type IngestBatch } from './api-client.ts';
import { freePort, graphQLError, startStubRouter, type StubRouter } from './test/stub-router.ts';

const KEY = 'lw_svc_test_key_00000000000000000000';
const batch: IngestBatch = {
  sessionId: 'agent',
  messages: [
    {
      waMessageId: '3EB0AAAA',
      remoteJid: '5511987654321@s.whatsapp.net',
      fromMe: false,
      phone: '+5511987654321',
      pushName: 'Maria',
      type: 'TEXT',
      body: 'oi',
      mediaMime: null,
      sentAt: '2026-01-02T03:04:05.000Z',
    },
  ],
};

let stub: StubRouter;
beforeAll(async () => {
  stub = await startStubRouter();
});
afterAll(() => stub.close());

const client = () => createApiClient({ url: stub.url, serviceKey: KEY });
const failure = (promise: Promise<unknown>) => promise.then(() => null, (err: unknown) => err as ApiError);

describe('createApiClient', () => {
  it('ingests with the service key, the contract mutation and its input', async () => {
    stub.behave(() => undefined);
    await expect(client().ingest(batch)).resolves.toEqual({ accepted: 1, duplicates: 0 });
    const call = stub.calls.at(-1)!;
    expect(call.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(call.headers['x-request-id']).toMatch(/^[\w-]{8,64}$/);
    expect(call.operation).toBe('ingestWhatsAppMessages');
    expect(call.variables).toEqual({ input: batch });
  });

  it('reports a status, with the correlation id, and tells an unknown message apart', async () => {
    stub.behave(() => undefined);
    await expect(client().updateMessageStatus('3EB0X', 'SENT', null, 'corr-12345678')).resolves.toBe(true);
    expect(stub.calls.at(-1)!.variables).toEqual({ waMessageId: '3EB0X', status: 'SENT', error: null });
    expect(stub.calls.at(-1)!.headers['x-request-id']).toBe('corr-12345678');
    stub.behave(() => ({ body: { data: { updateMessageStatus: null } } }));
    await expect(client().updateMessageStatus('3EB0Y', 'FAILED', 'no socket')).resolves.toBe(false);
    expect(stub.calls.at(-1)!.variables.error).toBe('no socket');
  });

  it('calls 5xx, 429, INTERNAL_SERVER_ERROR and an unreachable router unavailable', async () => {
    for (const answer of [{ status: 503, body: 'down' }, { status: 502 }, { status: 429, body: {} }, graphQLError('INTERNAL_SERVER_ERROR', 'Unexpected error')]) {
      stub.behave(() => answer);
      expect(await failure(client().ingest(batch))).toMatchObject({ kind: 'unavailable' });
    }
    const nobody = createApiClient({ url: `http://127.0.0.1:${await freePort()}/graphql`, serviceKey: KEY });
    expect(await failure(nobody.ingest(batch))).toMatchObject({ kind: 'unavailable' });
  });

  it('calls BAD_USER_INPUT rejected with its field, and a too-large body rejected', async () => {
    stub.behave(() => graphQLError('BAD_USER_INPUT', 'input.messages.0.phone: is not a valid phone number', 'input.messages.0.phone'));
    const err = await failure(client().ingest(batch));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'rejected', details: { field: 'input.messages.0.phone', code: 'BAD_USER_INPUT' } });
    stub.behave(() => ({ status: 413, body: { errors: [{ message: 'request body too large' }] } }));
    expect(await failure(client().ingest(batch))).toMatchObject({ kind: 'rejected' });
  });

  it('calls a refused key refused, and never puts the key or the variables in the message', async () => {
    stub.behave(() => graphQLError('UNAUTHENTICATED', 'invalid credentials'));
    const err = await failure(client().ingest(batch));
    expect(err).toMatchObject({ kind: 'refused', details: { code: 'UNAUTHENTICATED' } });
    expect(err!.message).not.toContain(KEY);
    expect(err!.message).not.toContain('5511987654321');
  });

  it('aborts with the caller', async () => {
    stub.behave(() => undefined);
    const controller = new AbortController();
    controller.abort();
    expect(await failure(client().ingest(batch, controller.signal))).toMatchObject({ kind: 'unavailable' });
  });
});
