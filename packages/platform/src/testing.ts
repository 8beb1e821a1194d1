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
  const phones = new Map<string, string | null>();
  const leadsByPhone = new Map<string, string>();
  const openThreads = new Map<string, string>();
  return {
    directory: {
      leadExists: async (_workspaceId: string, leadId: string) => !missing.has(leadId),
      leadPhone: async (_workspaceId: string, leadId: string) => (missing.has(leadId) ? undefined : (phones.get(leadId) ?? '+5511987654321')),
      conversationLead: async (_workspaceId: string, conversationId: string) => threads.get(conversationId) ?? null,
      conversationThread: async (_workspaceId: string, conversationId: string) => {
        const leadId = threads.get(conversationId);
        return leadId ? { leadId, sessionId: 'agent', remoteJid: `${(phones.get(leadId) ?? '+5511987654321').slice(1)}@s.whatsapp.net` } : null;
      },
      ensureWhatsAppLeads: async (_workspaceId: string, contacts: Array<{ phone: string }>) => {
        for (const { phone } of contacts) if (!leadsByPhone.has(phone)) leadsByPhone.set(phone, crypto.randomUUID());
        return new Map(contacts.map(({ phone }) => [phone, leadsByPhone.get(phone)!]));
      },
      openThread: async (_workspaceId: string, t: { leadId: string; sessionId: string }) => {
        const key = `${t.leadId}:${t.sessionId}`;
        if (!openThreads.has(key)) threads.set(openThreads.set(key, crypto.randomUUID()).get(key)!, t.leadId);
        return openThreads.get(key)!;
      },
    },
    removeLead: (leadId: string) => void missing.add(leadId),
    /** Gives a lead a phone (null: none); leads have a Brazilian mobile otherwise. */
    setPhone: (leadId: string, phone: string | null) => void phones.set(leadId, phone),
    /** Registers a thread of `leadId` and returns its id. */
    addConversation(leadId: string, conversationId: string = crypto.randomUUID()): string {
      threads.set(conversationId, leadId);
      return conversationId;
    },
  };
}
