import { IDENTITY_HEADER, REQUEST_ID_HEADER } from './identity.ts';

export interface OnBehalfOf {
  identityToken: string;
  requestId: string;
}

/**
 * A subgraph reaches data it does not own through the router, on behalf of
 * the caller: it forwards the router-signed identity it was called with, so
 * the owning subgraph applies the caller's own permissions.
 */
export function createRouterClient(routerUrl: string) {
  return async function request<T>(query: string, variables: Record<string, unknown>, who: OnBehalfOf): Promise<T> {
    const res = await fetch(routerUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: who.identityToken,
        [REQUEST_ID_HEADER]: who.requestId,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (body.errors?.length || !body.data) {
      throw new Error(`router call failed (${res.status}): ${body.errors?.map((e) => e.message).join('; ')}`);
    }
    return body.data;
  };
}

export type RouterRequest = ReturnType<typeof createRouterClient>;
