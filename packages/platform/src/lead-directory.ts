import type { ServiceRequest } from './router-client.ts';

/**
 * Facts about leads and their threads that other subgraphs own, asked of the
 * owners through the router as a service of the caller's workspace: whether
 * an id names something there at all, whoever may see it. Who may see it is
 * the caller's own question (`LeadAccess`).
 */
export interface LeadDirectory {
  leadExists(workspaceId: string, leadId: string): Promise<boolean>;
  /** The lead a conversation belongs to, or null when there is no such conversation in the workspace. */
  conversationLead(workspaceId: string, conversationId: string): Promise<string | null>;
}

const LEAD = /* GraphQL */ `query DirectoryLead($id: ID!) { lead(id: $id) { id } }`;
const CONVERSATION = /* GraphQL */ `query DirectoryConversation($id: ID!) { conversation(id: $id) { lead { id } } }`;

export function createLeadDirectory(request: ServiceRequest, service: string): LeadDirectory {
  const ask = async <T>(workspaceId: string, query: string, id: string): Promise<T> => {
    const res = await request<T>({ workspaceId, service }, query, { id });
    if (res.errors?.length || !res.data) throw new Error(`directory lookup failed (${res.status}): ${res.errors?.map((e) => e.message).join('; ')}`);
    return res.data;
  };
  return {
    leadExists: async (workspaceId, leadId) => (await ask<{ lead: { id: string } | null }>(workspaceId, LEAD, leadId)).lead !== null,
    conversationLead: async (workspaceId, conversationId) =>
      (await ask<{ conversation: { lead: { id: string } } | null }>(workspaceId, CONVERSATION, conversationId)).conversation?.lead.id ?? null,
  };
}
