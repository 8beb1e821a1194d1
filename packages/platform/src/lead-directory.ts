import type { ServiceRequest } from './router-client.ts';

/**
 * Facts about leads and their threads that other subgraphs own, asked of the
 * owners through the router as a service of the caller's workspace: whether
 * an id names something there at all, whoever may see it. Who may see it is
 * the caller's own question (`LeadAccess`).
 */
export interface LeadDirectory {
  leadExists(workspaceId: string, leadId: string): Promise<boolean>;
  /** The lead's phone (E.164), or null for a lead without one; undefined when there is no such lead. */
  leadPhone(workspaceId: string, leadId: string): Promise<string | null | undefined>;
  /** The lead a conversation belongs to, or null when there is no such conversation in the workspace. */
  conversationLead(workspaceId: string, conversationId: string): Promise<string | null>;
  /** A conversation's lead, WhatsApp session and chat, or null when there is no such conversation in the workspace. */
  conversationThread(workspaceId: string, conversationId: string): Promise<{ leadId: string; sessionId: string; remoteJid: string } | null>;
  /** The lead of each phone, created from a WhatsApp contact when the workspace has none. */
  ensureWhatsAppLeads(workspaceId: string, contacts: Array<{ phone: string; name: string | null }>): Promise<Map<string, string>>;
  /** The thread between a lead and a WhatsApp session, opened when there is none. */
  openThread(workspaceId: string, thread: { leadId: string; sessionId: string; remoteJid: string }): Promise<string>;
}

const LEAD = /* GraphQL */ `query DirectoryLead($id: ID!) { lead(id: $id) { id phone } }`;
const ENSURE_LEADS = /* GraphQL */ `mutation DirectoryEnsureLeads($contacts: [WhatsAppContactInput!]!) {
  ensureWhatsAppLeads(contacts: $contacts) { phone leadId }
}`;
const OPEN_THREAD = /* GraphQL */ `mutation DirectoryOpenThread($input: OpenConversationInput!) { openConversation(input: $input) { id } }`;
const CONVERSATION = /* GraphQL */ `query DirectoryConversation($id: ID!) { conversation(id: $id) { sessionId remoteJid lead { id } } }`;

export function createLeadDirectory(request: ServiceRequest, service: string): LeadDirectory {
  const ask = async <T>(workspaceId: string, query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await request<T>({ workspaceId, service }, query, variables);
    if (res.errors?.length || !res.data) throw new Error(`directory call failed (${res.status}): ${res.errors?.map((e) => e.message).join('; ')}`);
    return res.data;
  };
  const thread = async (workspaceId: string, id: string) => {
    const found = (await ask<{ conversation: { sessionId: string; remoteJid: string; lead: { id: string } } | null }>(workspaceId, CONVERSATION, { id })).conversation;
    return found ? { leadId: found.lead.id, sessionId: found.sessionId, remoteJid: found.remoteJid } : null;
  };
  const lead = (workspaceId: string, id: string) => ask<{ lead: { id: string; phone: string | null } | null }>(workspaceId, LEAD, { id });
  return {
    leadExists: async (workspaceId, leadId) => (await lead(workspaceId, leadId)).lead !== null,
    leadPhone: async (workspaceId, leadId) => {
      const found = (await lead(workspaceId, leadId)).lead;
      return found ? found.phone : undefined;
    },
    conversationLead: async (workspaceId, conversationId) => (await thread(workspaceId, conversationId))?.leadId ?? null,
    conversationThread: thread,
    ensureWhatsAppLeads: async (workspaceId, contacts) => {
      const data = await ask<{ ensureWhatsAppLeads: Array<{ phone: string; leadId: string }> }>(workspaceId, ENSURE_LEADS, { contacts });
      return new Map(data.ensureWhatsAppLeads.map((c) => [c.phone, c.leadId]));
    },
    openThread: async (workspaceId, input) => (await ask<{ openConversation: { id: string } }>(workspaceId, OPEN_THREAD, { input })).openConversation.id,
  };
}
