import { createIdentitySigner, ROUTER_AUDIENCE, type Identity } from './identity.ts';
import { dataOf, signedRequest, type GraphQLResponse } from './signed-client.ts';

export interface OnBehalfOf {
  identityToken: string;
  requestId: string;
}

/**
 * A subgraph reaches data it does not own through the router's internal
 * endpoint, on behalf of the caller: it forwards the router-signed identity it
 * was called with, so the owning subgraph applies the caller's own permissions.
 */
export function createRouterClient(routerUrl: string) {
  return async function request<T>(query: string, variables: Record<string, unknown>, who: OnBehalfOf): Promise<T> {
    return dataOf('router call', await signedRequest<T>(routerUrl, who.identityToken, { query, variables }, who.requestId));
  };
}

export type RouterRequest = ReturnType<typeof createRouterClient>;

/**
 * Background work (an outbox relay, a worker) has no caller to act for: it
 * acts as a named service of one workspace, and says so in audit trails.
 */
export function createServiceClient(routerUrl: string, signingSecret: string) {
  const sign = createIdentitySigner(signingSecret);
  return async function request<T>(
    as: { workspaceId: string; service: string },
    query: string,
    variables: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>> {
    const identity: Identity = { kind: 'service', workspaceId: as.workspaceId, keyId: as.service };
    return signedRequest<T>(routerUrl, await sign(identity, ROUTER_AUDIENCE), { query, variables });
  };
}

export type ServiceRequest = ReturnType<typeof createServiceClient>;
