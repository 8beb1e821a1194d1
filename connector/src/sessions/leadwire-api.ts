/** One GraphQL operation against the Leadwire API; resolves to `data` or throws. */
export type ApiRequest = <T = any>(query: string, variables: Record<string, unknown>) => Promise<T>;

export interface ApiOptions {
  /** The router's public endpoint. */
  apiUrl: string;
  /** The connector's service key, `lw_svc_…`. */
  serviceKey: string;
}

/** `LEADWIRE_API_URL` (default the local router) and `LEADWIRE_SERVICE_KEY`. */
export function apiOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiOptions {
  const serviceKey = env.LEADWIRE_SERVICE_KEY?.trim();
  if (!serviceKey) throw new Error('LEADWIRE_SERVICE_KEY must be set (the service key created for the connector)');
  return { apiUrl: env.LEADWIRE_API_URL?.trim() || 'http://127.0.0.1:4000/graphql', serviceKey };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly codes: string[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The connector calls the router like any integrator, with its service key:
 * it never holds the secret the router signs identities with.
 */
export function createApiClient({ apiUrl, serviceKey }: ApiOptions, fetchImpl: typeof fetch = fetch): ApiRequest {
  return async (query, variables) => {
    const res = await fetchImpl(apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${serviceKey}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json().catch(() => ({}))) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    if (body.errors?.length || !body.data) {
      const codes = (body.errors ?? []).map((e) => e.extensions?.code ?? 'UNKNOWN');
      // Messages and codes only: variables hold ciphertext, QR codes and phone numbers.
      const message = body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`;
      throw new ApiError(`Leadwire API: ${message}`, codes);
    }
    return body.data;
  };
}
