import type { ServiceRequest } from '@leadwire/platform';
import type { LeadMessage } from './read-thread.ts';
import type { SuggestionDraft } from './generate-suggestions.ts';

// What the suggestion step asks of and tells the platform, through the router
// as a service of the job's workspace.

export interface SuggestionContext {
  id: string;
  status: 'OPEN' | 'HANDED_OFF' | 'CLOSED';
  optedOutAt: string | null;
  agentState: Record<string, unknown>;
  /** The lead's newest messages on every thread: a consultant writes from another number than the agent. */
  messages: LeadMessage[];
}

const CONTEXT = /* GraphQL */ `query SuggestionContext($id: ID!, $last: Int!) {
  conversation(id: $id) {
    id status optedOutAt agentState
    lead { id messages(last: $last) { id cursor direction author body createdAt conversation { id } } }
  }
}`;

const CREATE = /* GraphQL */ `mutation CreateSuggestions($input: CreateSuggestionsInput!) {
  createSuggestions(input: $input) { id kind status }
}`;

type RawMessage = Omit<LeadMessage, 'conversationId'> & { conversation: { id: string } | null };

export type SuggestionOperations = ReturnType<typeof createSuggestionOperations>;

export function createSuggestionOperations(request: ServiceRequest, workspaceId: string, service = 'suggestion-worker') {
  async function call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await request<T>({ workspaceId, service }, query, variables);
    const first = res.errors?.[0];
    if (first || !res.data) throw new Error(`${query.match(/(?:query|mutation) (\w+)/)?.[1]} failed (${res.status}): ${first?.message ?? 'no data'}`);
    return res.data;
  }
  return {
    /** The thread's state and its lead's last `last` messages; null when the conversation is gone. */
    async context(conversationId: string, last = 30): Promise<SuggestionContext | null> {
      type Raw = { id: string; status: SuggestionContext['status']; optedOutAt: string | null; agentState: Record<string, unknown>; lead: { messages: RawMessage[] } };
      const found = (await call<{ conversation: Raw | null }>(CONTEXT, { id: conversationId, last })).conversation;
      if (!found) return null;
      const { lead, ...thread } = found;
      return { ...thread, messages: lead.messages.map(({ conversation, ...m }) => ({ ...m, conversationId: conversation?.id ?? null })) };
    },
    async create(input: { conversationId: string; sourceMessageId: string; provider: string; suggestions: SuggestionDraft[] }) {
      return (await call<{ createSuggestions: Array<{ id: string; kind: string; status: string }> }>(CREATE, { input })).createSuggestions;
    },
  };
}
