import { createIdentitySigner, type Identity } from './identity.ts';
import { signedRequest, type GraphQLOperation, type GraphQLResponse } from './signed-client.ts';

export type Operation = GraphQLOperation;

/**
 * Calls a subgraph directly with an identity signed as the router would, for
 * that subgraph's audience. Tests use it to exercise one subgraph without the
 * router in between.
 */
export async function callSubgraph<T = any>(
  subgraph: { url: string; name: string },
  signingSecret: string,
  identity: Identity | null,
  op: Operation,
): Promise<GraphQLResponse<T>> {
  if (identity) return signedRequest<T>(subgraph.url, await createIdentitySigner(signingSecret)(identity, subgraph.name), op);
  const res = await fetch(subgraph.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(op) });
  return { status: res.status, ...((await res.json()) as object) };
}

/**
 * Stands in, in one subgraph's tests, for the other subgraphs' answers about
 * which leads and threads exist (the router e2e tests run the real ones).
 * Every lead exists unless removed; a thread exists once added, for its lead.
 */
export function directoryDouble() {
  const missing = new Set<string>();
  const threads = new Map<string, string>();
  return {
    directory: {
      leadExists: async (_workspaceId: string, leadId: string) => !missing.has(leadId),
      conversationLead: async (_workspaceId: string, conversationId: string) => threads.get(conversationId) ?? null,
    },
    removeLead: (leadId: string) => void missing.add(leadId),
    /** Registers a thread of `leadId` and returns its id. */
    addConversation(leadId: string, conversationId: string = crypto.randomUUID()): string {
      threads.set(conversationId, leadId);
      return conversationId;
    },
  };
}
