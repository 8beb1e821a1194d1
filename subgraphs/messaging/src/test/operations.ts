// Operation factories: each returns `{ query, variables }` for callSubgraph or the router.
const MESSAGE = 'id cursor leadId direction author authorUserId type body status waMessageId error sentAt deliveredAt readAt';

export const sendMessage = (input: Record<string, unknown>) => ({
  query: /* GraphQL */ `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { ${MESSAGE} } }`,
  variables: { input },
});

export const messages = (leadId: string, page: Record<string, unknown> = {}) => ({
  query: /* GraphQL */ `query Messages($leadId: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    messages(leadId: $leadId, first: $first, after: $after, last: $last, before: $before) {
      pageInfo { hasNextPage hasPreviousPage endCursor startCursor } edges { cursor node { id cursor body } }
    }
  }`,
  variables: { leadId, ...page },
});

export const messagesSince = (leadId: string, after: string | null, first?: number) => ({
  query: /* GraphQL */ `query Since($leadId: ID!, $after: String, $first: Int) {
    messagesSince(leadId: $leadId, after: $after, first: $first) { id cursor body }
  }`,
  variables: { leadId, after, first },
});

export const messageCursor = (leadId: string) => ({
  query: /* GraphQL */ `query Cursor($leadId: ID!) { messageCursor(leadId: $leadId) }`,
  variables: { leadId },
});

export const recordInbound = (input: Record<string, unknown>) => ({
  query: /* GraphQL */ `mutation Inbound($input: RecordInboundInput!) {
    recordInboundMessage(input: $input) { duplicate message { ${MESSAGE} } }
  }`,
  variables: { input },
});

export const updateStatus = (waMessageId: string, status: string, error?: string) => ({
  query: /* GraphQL */ `mutation Status($waMessageId: String!, $status: MessageStatus!, $error: String) {
    updateMessageStatus(waMessageId: $waMessageId, status: $status, error: $error) { ${MESSAGE} }
  }`,
  variables: { waMessageId, status, error },
});

export const queuedMessages = (first?: number) => ({
  query: /* GraphQL */ `query Queued($first: Int) { queuedMessages(first: $first) { id body waMessageId status } }`,
  variables: { first },
});

export const messageEntities = (ids: string[]) => ({
  query: /* GraphQL */ `query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Message { id body lead { id } } }
  }`,
  variables: { representations: ids.map((id) => ({ __typename: 'Message', id })) },
});

export const leadEntities = (ids: string[], fields = 'messages { id body } latestMessage { id body } unreadCount') => ({
  query: /* GraphQL */ `query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Lead { id ${fields} } }
  }`,
  variables: { representations: ids.map((id) => ({ __typename: 'Lead', id })) },
});

export const conversationEntities = (ids: string[]) => ({
  query: /* GraphQL */ `query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Conversation { id messages { id body } } }
  }`,
  variables: { representations: ids.map((id) => ({ __typename: 'Conversation', id })) },
});

const TEMPLATE = 'id name category body variables';

export const templates = () => ({ query: /* GraphQL */ `query Templates { templates { ${TEMPLATE} } }`, variables: {} });

export const createTemplate = (input: Record<string, unknown>) => ({
  query: /* GraphQL */ `mutation Create($input: TemplateInput!) { createTemplate(input: $input) { ${TEMPLATE} } }`,
  variables: { input },
});

export const updateTemplate = (id: string, input: Record<string, unknown>) => ({
  query: /* GraphQL */ `mutation Update($id: ID!, $input: TemplateInput!) { updateTemplate(id: $id, input: $input) { ${TEMPLATE} } }`,
  variables: { id, input },
});

export const deleteTemplate = (id: string) => ({
  query: /* GraphQL */ `mutation Delete($id: ID!) { deleteTemplate(id: $id) }`,
  variables: { id },
});

/** An inbound TEXT message as the connector reports it. */
export const inbound = (leadId: string, waMessageId: string, body = 'Oi, tenho interesse') => ({
  leadId,
  sessionId: 'main',
  waMessageId,
  type: 'TEXT',
  body,
});

export const ingestWhatsApp = (sessionId: string, messages: Record<string, unknown>[]) => ({
  query: /* GraphQL */ `mutation Ingest($input: IngestWhatsAppInput!) { ingestWhatsAppMessages(input: $input) { accepted duplicates applied ignored } }`,
  variables: { input: { sessionId, messages } },
});

const CHANGED = 'id waMessageId body originalBody editedAt deletedAt updateCursor reactions { emoji author reactedAt }';

/** A lead's thread with what reactions, edits and deletions did to it. */
export const changedThread = (leadId: string) => ({
  query: /* GraphQL */ `query Thread($leadId: ID!) { messages(leadId: $leadId, first: 200) { edges { node { ${CHANGED} } } } }`,
  variables: { leadId },
});

export const messageUpdatesSince = (leadId: string, after: string | null) => ({
  query: /* GraphQL */ `query Updates($leadId: ID!, $after: String) { messageUpdatesSince(leadId: $leadId, after: $after) { ${CHANGED} } }`,
  variables: { leadId, after },
});

export const sendAgentReplies = (input: Record<string, unknown>) => ({
  query: /* GraphQL */ `mutation AgentReplies($input: SendAgentRepliesInput!) {
    sendAgentReplies(input: $input) { id leadId body author direction status sessionId waMessageId conversation { id } }
  }`,
  variables: { input },
});

const SUGGESTION =
  'id kind status body action followUpAt rationale provider leadId sourceCursor decidedAt decidedByUserId editedBody rejectReason ' +
  'conversation { id } sourceMessage { id body } sentMessage { id body author authorUserId sessionId status waMessageId }';

export const createSuggestions = (input: Record<string, unknown>) => ({
  query: /* GraphQL */ `mutation CreateSuggestions($input: CreateSuggestionsInput!) { createSuggestions(input: $input) { ${SUGGESTION} } }`,
  variables: { input },
});

export const suggestions = (leadId: string, status?: string) => ({
  query: /* GraphQL */ `query Suggestions($leadId: ID!, $status: SuggestionStatus) { suggestions(leadId: $leadId, status: $status) { ${SUGGESTION} } }`,
  variables: { leadId, status },
});

export const approveSuggestion = (id: string) => ({
  query: /* GraphQL */ `mutation Approve($id: ID!) { approveSuggestion(id: $id) { ${SUGGESTION} } }`,
  variables: { id },
});

export const editSuggestion = (id: string, body: string) => ({
  query: /* GraphQL */ `mutation Edit($id: ID!, $body: String!) { editSuggestion(id: $id, body: $body) { ${SUGGESTION} } }`,
  variables: { id, body },
});

export const rejectSuggestion = (id: string, reason?: string) => ({
  query: /* GraphQL */ `mutation Reject($id: ID!, $reason: String) { rejectSuggestion(id: $id, reason: $reason) { ${SUGGESTION} } }`,
  variables: { id, reason },
});

const COUNTS = 'total pending approved modified rejected superseded decided acceptanceRate';

export const suggestionStats = (since?: string, userId?: string) => ({
  query: /* GraphQL */ `query Stats($since: DateTime, $userId: ID) {
    suggestionStats(since: $since, userId: $userId) { since ${COUNTS} byKind { kind ${COUNTS} } }
  }`,
  variables: { since, userId },
});

export const leadSuggestionEntities = (ids: string[], status?: string) => ({
  query: /* GraphQL */ `query Entities($representations: [_Any!]!, $status: SuggestionStatus) {
    _entities(representations: $representations) { ... on Lead { id suggestions(status: $status) { id kind status } } }
  }`,
  variables: { representations: ids.map((id) => ({ __typename: 'Lead', id })), status },
});

export const conversationSuggestionEntities = (ids: string[], status?: string) => ({
  query: /* GraphQL */ `query Entities($representations: [_Any!]!, $status: SuggestionStatus) {
    _entities(representations: $representations) { ... on Conversation { id suggestions(status: $status) { id kind status } } }
  }`,
  variables: { representations: ids.map((id) => ({ __typename: 'Conversation', id })), status },
});
