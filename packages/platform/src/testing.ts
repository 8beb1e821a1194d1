import { createIdentitySigner, IDENTITY_HEADER, type Identity } from './identity.ts';

export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
}

/**
 * Calls a subgraph directly with an identity signed as the router would.
 * Tests use it to exercise one subgraph without the router in between.
 */
export async function callSubgraph<T = any>(
  url: string,
  signingSecret: string,
  identity: Identity | null,
  op: Operation,
): Promise<{ status: number; data?: T; errors?: Array<{ message: string; extensions?: Record<string, any> }> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (identity) headers[IDENTITY_HEADER] = await createIdentitySigner(signingSecret)(identity);
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(op) });
  return { status: res.status, ...((await res.json()) as object) };
}
