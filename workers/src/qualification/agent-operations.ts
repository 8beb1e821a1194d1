import type { ServiceRequest } from '@leadwire/platform';

// What the qualification worker asks of and tells the platform, all through
// the router as a service of the job's workspace: one client, typed answers.

export interface ThreadMessage {
  id: string;
  cursor: string;
  direction: 'INBOUND' | 'OUTBOUND';
  author: 'LEAD' | 'AI' | 'CONSULTANT' | 'SYSTEM';
  type: string;
  body: string | null;
  createdAt: string;
}

export interface Stage {
  id: string;
  kind: 'OPEN' | 'WON' | 'LOST';
  order: number;
}

export interface AgentThread {
  id: string;
  sessionId: string;
  agentTurn: number;
  agentCursor: string | null;
  agentState: Record<string, unknown>;
  agentMaySpeak: boolean;
  lead: { id: string; stage: Stage; pipeline: { stages: Stage[] } };
  messages: ThreadMessage[];
}

const THREAD = /* GraphQL */ `query AgentThread($id: ID!, $last: Int!) {
  conversation(id: $id) {
    id sessionId agentTurn agentCursor agentState agentMaySpeak
    lead { id stage { id kind order } pipeline { stages { id kind order } } }
    messages(last: $last) { id cursor direction author type body createdAt }
  }
}`;

const RECORD_TURN = /* GraphQL */ `mutation AgentRecordTurn($id: ID!, $input: AgentTurnInput!) {
  recordAgentTurn(conversationId: $id, input: $input) { applied conversation { agentTurn optedOutAt } }
}`;

const SEND_REPLIES = /* GraphQL */ `mutation AgentSendReplies($input: SendAgentRepliesInput!) {
  sendAgentReplies(input: $input) { id }
}`;

const MOVE_LEAD = /* GraphQL */ `mutation AgentMoveLead($id: ID!, $stageId: ID!) { moveLead(id: $id, stageId: $stageId, position: 0) { id } }`;

const UPDATE_LEAD = /* GraphQL */ `mutation AgentUpdateLead($id: ID!, $input: UpdateLeadInput!) { updateLead(id: $id, input: $input) { id } }`;

const DISTRIBUTE = /* GraphQL */ `mutation AgentDistribute($leadId: ID!, $productLine: ProductLine!) {
  distributeLead(leadId: $leadId, productLine: $productLine) { status consultant { id name } }
}`;

const MARK_DONE = /* GraphQL */ `mutation MarkQualificationDone($ids: [ID!]!) { markJobsDone(queue: "qualification", ids: $ids) }`;

/** A GraphQL error with its code, so callers can tell a lost race (CONFLICT) from a failure. */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export type AgentOperations = ReturnType<typeof createAgentOperations>;

export function createAgentOperations(request: ServiceRequest, workspaceId: string, service = 'qualification-worker') {
  async function call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await request<T>({ workspaceId, service }, query, variables);
    const first = res.errors?.[0];
    if (first || !res.data) {
      const code = first?.extensions?.code as string | undefined;
      throw new PlatformError(`${query.match(/(?:query|mutation) (\w+)/)?.[1]} failed (${res.status}): ${first?.message ?? 'no data'}`, code);
    }
    return res.data;
  }
  return {
    /** The thread, its agent state and its lead's last `last` messages; null when the conversation is gone. */
    thread: async (conversationId: string, last = 30) =>
      (await call<{ conversation: AgentThread | null }>(THREAD, { id: conversationId, last })).conversation,
    recordTurn: async (conversationId: string, input: Record<string, unknown>) =>
      (await call<{ recordAgentTurn: { applied: boolean; conversation: { agentTurn: number; optedOutAt: string | null } } }>(RECORD_TURN, { id: conversationId, input }))
        .recordAgentTurn,
    sendReplies: (conversationId: string, key: string, replies: string[]) => call(SEND_REPLIES, { input: { conversationId, key, replies } }),
    moveLead: (leadId: string, stageId: string) => call(MOVE_LEAD, { id: leadId, stageId }),
    updateLead: (leadId: string, input: Record<string, unknown>) => call(UPDATE_LEAD, { id: leadId, input }),
    distribute: async (leadId: string, productLine: string) =>
      (await call<{ distributeLead: { status: string; consultant: { id: string; name: string } | null } }>(DISTRIBUTE, { leadId, productLine }))
        .distributeLead,
    markDone: (messageIds: string[]) => call<{ markJobsDone: number }>(MARK_DONE, { ids: messageIds }),
  };
}
