import { channels } from './pubsub.ts';
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

export interface CachedLeadDirectory extends LeadDirectory {
  /** The lead of each phone when all are remembered, without asking anyone; otherwise null. */
  remembered(workspaceId: string, phones: Iterable<string>): Map<string, string> | null;
}

/** What the lead cache needs of the process's pub/sub (`createPubSub`). */
export interface WakeUpSource {
  subscribe(channel: string, onMessage: (payload: unknown) => void): Promise<number>;
  getSubscriber(): { status: string; on(event: 'ready' | 'close', listener: () => void): unknown };
}

/**
 * `ensureWhatsAppLeads` answers, remembered per workspace so that every batch
 * of a busy chat does not cost a call to the leads subgraph. A number's lead
 * changes only when a lead of the workspace is created, changed or deleted,
 * and each of those wakes the workspace's board channel: a wake-up forgets
 * the workspace. So an answer is remembered only while that subscription is
 * up, and only when no wake-up came while it was being asked for; while
 * Redis is away nothing is remembered and every batch asks. Lead ids never
 * change; a lead deleted meanwhile stops being answered from memory once its
 * wake-up arrives (the age limit backs that up).
 */
export function cacheWhatsAppLeads(directory: LeadDirectory, wakeUps: WakeUpSource, opts: { maxAgeMs?: number; maxPhones?: number } = {}): CachedLeadDirectory {
  const maxAgeMs = opts.maxAgeMs ?? 5 * 60_000;
  const maxPhones = opts.maxPhones ?? 100_000;
  interface Workspace {
    /** Bumped by every wake-up: an answer asked for before it is not kept. */
    generation: number;
    subscribed: boolean;
    leads: Map<string, { leadId: string; at: number }>;
  }
  const workspaces = new Map<string, Workspace>();
  let remembered = 0;
  const subscriber = wakeUps.getSubscriber();
  let connected = subscriber.status === 'ready';
  const forget = (w: Workspace) => {
    w.generation++;
    remembered -= w.leads.size;
    w.leads.clear();
  };
  // Wake-ups published while the subscriber is away are lost.
  subscriber.on('close', () => {
    connected = false;
    workspaces.forEach(forget);
  });
  subscriber.on('ready', () => (connected = true));

  const workspaceOf = (workspaceId: string) => {
    let w = workspaces.get(workspaceId);
    if (!w) {
      const created: Workspace = { generation: 0, subscribed: false, leads: new Map() };
      workspaces.set(workspaceId, (w = created));
      wakeUps.subscribe(channels.board(workspaceId), () => forget(created)).then(
        () => (created.subscribed = true),
        () => workspaces.delete(workspaceId),
      );
    }
    return w;
  };

  const recall = (w: Workspace, phone: string, now: number) => {
    const known = w.subscribed && connected ? w.leads.get(phone) : undefined;
    return known && now - known.at < maxAgeMs ? known.leadId : undefined;
  };

  return {
    ...directory,
    remembered(workspaceId, phones) {
      const w = workspaces.get(workspaceId);
      const now = Date.now();
      const leads = new Map<string, string>();
      for (const phone of phones) {
        const leadId = w && recall(w, phone, now);
        if (!leadId) return null;
        leads.set(phone, leadId);
      }
      return leads;
    },
    async ensureWhatsAppLeads(workspaceId, contacts) {
      const w = workspaceOf(workspaceId);
      const generation = w.subscribed && connected ? w.generation : null;
      const now = Date.now();
      const leads = new Map<string, string>();
      const missing: typeof contacts = [];
      for (const contact of contacts) {
        const leadId = recall(w, contact.phone, now);
        if (leadId) leads.set(contact.phone, leadId);
        else missing.push(contact);
      }
      if (!missing.length) return leads;
      const asked = await directory.ensureWhatsAppLeads(workspaceId, missing);
      let keep = generation !== null && generation === w.generation && connected;
      if (keep && remembered + asked.size > maxPhones) {
        workspaces.forEach(forget);
        keep = false;
      }
      for (const [phone, leadId] of asked) {
        leads.set(phone, leadId);
        if (!keep) continue;
        if (!w.leads.has(phone)) remembered++;
        w.leads.set(phone, { leadId, at: now });
      }
      return leads;
    },
  };
}
