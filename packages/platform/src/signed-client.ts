import { IDENTITY_HEADER, REQUEST_ID_HEADER } from './identity.ts';

export interface GraphQLOperation {
  query: string;
  variables?: Record<string, unknown>;
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

/**
 * The one way a service sends a GraphQL operation to another with a signed
 * identity: to the router's internal endpoint on a caller's behalf, or (the
 * router only) straight to a subgraph. The token must have been minted for the
 * receiver's audience.
 */
export async function signedRequest<T>(
  url: string,
  identityToken: string,
  op: GraphQLOperation,
  requestId?: string,
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', [IDENTITY_HEADER]: identityToken };
  if (requestId) headers[REQUEST_ID_HEADER] = requestId;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(op) });
  const body = (await res.json().catch(() => ({}))) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

/** The data of a response, or an error naming what failed. */
export function dataOf<T>(what: string, res: GraphQLResponse<T>): T {
  if (res.errors?.length || !res.data) {
    throw new Error(`${what} failed (${res.status}): ${res.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  }
  return res.data;
}
