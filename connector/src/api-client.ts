import { randomUUID } from 'node:crypto';
import type { ChangeKind } from './inbound/map-change.ts';
import type { InboundType } from './inbound/map-message.ts';
import type { MessageStatus } from './outbound/receipt-status.ts';

/** `WhatsAppInboundInput` of the public API. */
export interface WhatsAppInboundInput {
  /** MESSAGE when absent. */
  kind?: 'MESSAGE' | ChangeKind;
  waMessageId: string;
  remoteJid: string;
  fromMe: boolean;
  /** E.164. */
  phone: string;
  pushName: string | null;
  /** Required for a MESSAGE. */
  type?: InboundType;
  body: string | null;
  mediaMime: string | null;
  /** `<sha256 hex>.<ext>` in the media directory the router serves. */
  mediaPath?: string | null;
  /** Bytes, at most 64 MB. */
  mediaSize?: number | null;
  /** A document's name, at most 255 characters. */
  mediaFileName?: string | null;
  /** ISO-8601. */
  sentAt: string;
  /** The message a REACTION, EDIT or REVOKE is about. */
  targetWaMessageId?: string;
  /** REACTION: '' when taken back. */
  emoji?: string | null;
}

/** `IngestWhatsAppInput`: at most 500 messages. */
export interface IngestBatch {
  sessionId: string;
  messages: WhatsAppInboundInput[];
}

/**
 * Why a call did not go through:
 * - `unavailable`: the router or what is behind it is down (network, 5xx,
 *   INTERNAL_SERVER_ERROR, 429) — try again later;
 * - `rejected`: the input is wrong (BAD_USER_INPUT, with its `field`) or too
 *   large — the same call will never succeed;
 * - `refused`: the credential is not accepted (UNAUTHENTICATED, FORBIDDEN) or
 *   an answer we do not understand — an operator must act; what was to be
 *   sent should wait, not be dropped.
 */
export type ApiErrorKind = 'unavailable' | 'rejected' | 'refused';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly details: { status?: number; code?: string; field?: string } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const INGEST = `mutation Ingest($input: IngestWhatsAppInput!) { ingestWhatsAppMessages(input: $input) { accepted duplicates } }`;
const STATUS = `mutation Status($waMessageId: String!, $status: MessageStatus!, $error: String) { updateMessageStatus(waMessageId: $waMessageId, status: $status, error: $error) { id } }`;

export interface ApiClientOptions {
  /** The router's public GraphQL endpoint. */
  url: string;
  /** The connector's service key (`lw_svc_…`). */
  serviceKey: string;
  timeoutMs?: number;
}

/** One GraphQL operation with the service key; resolves to `data` or throws `ApiError`. */
export type ApiRequest = <T = any>(query: string, variables: Record<string, unknown>) => Promise<T>;

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

/**
 * The connector's one client of the router, with its service key. Every
 * failure is an `ApiError` saying whether to retry; the key and the
 * variables (phones, names, text) never appear in its message.
 */
export function createApiClient(opts: ApiClientOptions) {
  const timeoutMs = opts.timeoutMs ?? 15_000;

  async function call<T>(
    operation: string,
    query: string,
    variables: Record<string, unknown>,
    { requestId = randomUUID(), signal }: { requestId?: string; signal?: AbortSignal } = {},
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${opts.serviceKey}`,
          // Follows the call through the router into the subgraphs' logs.
          'x-request-id': requestId,
        },
        body: JSON.stringify({ query, variables }),
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      // fetch says only "fetch failed"; the system error (ECONNREFUSED…) is in its cause.
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new ApiError('unavailable', `${operation}: router unreachable (${cause})`);
    }
    const body = (await res.json().catch(() => null)) as GraphQLBody<T> | null;
    const errors = body?.errors ?? [];
    const status = res.status;
    const withCode = (code: string) => errors.find((e) => e.extensions?.code === code);

    const bad = withCode('BAD_USER_INPUT');
    if (bad) throw new ApiError('rejected', `${operation}: ${bad.message}`, { status, code: 'BAD_USER_INPUT', field: bad.extensions?.field });
    if (status >= 500 || status === 429 || withCode('INTERNAL_SERVER_ERROR') || withCode('TOO_MANY_REQUESTS')) {
      const code = errors[0]?.extensions?.code;
      throw new ApiError('unavailable', `${operation}: router answered ${status}${code ? ` ${code}` : ''}`, { status, code });
    }
    // The router caps request bodies: this batch will never fit.
    if (status === 413) throw new ApiError('rejected', `${operation}: request too large`, { status });
    if (errors.length || !body?.data) {
      const code = errors[0]?.extensions?.code;
      throw new ApiError('refused', `${operation}: ${errors[0]?.message ?? `router answered ${status} without data`}`, { status, code });
    }
    return body.data;
  }

  return {
    /** Any operation the service key may run (the session runner's auth state and status reports). */
    request: (<T>(query: string, variables: Record<string, unknown>) => call<T>('request', query, variables)) as ApiRequest,

    /** Idempotent on the server; resending a batch is safe. */
    async ingest(batch: IngestBatch, signal?: AbortSignal): Promise<{ accepted: number; duplicates: number }> {
      const data = await call<{ ingestWhatsAppMessages: { accepted: number; duplicates: number } }>('ingestWhatsAppMessages', INGEST, { input: batch }, { signal });
      return data.ingestWhatsAppMessages;
    },

    /** Resolves to false when the router knows no message with this id. */
    async updateMessageStatus(waMessageId: string, status: MessageStatus, error?: string | null, requestId?: string): Promise<boolean> {
      const data = await call<{ updateMessageStatus: { id: string } | null }>('updateMessageStatus', STATUS, { waMessageId, status, error: error ?? null }, { requestId });
      return data.updateMessageStatus !== null;
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
