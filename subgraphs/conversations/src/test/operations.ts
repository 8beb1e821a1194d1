// Operation factories: each returns `{ query, variables }` for callSubgraph or the router.
const FIELDS = /* GraphQL */ `
  id sessionId remoteJid status qualificationState qualificationScore handoffReason handedOffAt qualifiedAt lastMessageAt
  lead { id }
  qualification { fullName cpf monthlyIncome assetValue downPayment city productInterest }
  events { type data actor }`;

export const openConversation = (input: { leadId: string; sessionId: string; remoteJid: string }) => ({
  query: `mutation Open($input: OpenConversationInput!) { openConversation(input: $input) { ${FIELDS} } }`,
  variables: { input },
});

export const updateQualification = (conversationId: string, input: Record<string, unknown>) => ({
  query: `mutation Update($id: ID!, $input: QualificationInput!) {
    updateQualification(conversationId: $id, input: $input) { ${FIELDS} }
  }`,
  variables: { id: conversationId, input },
});

export const completeQualification = (conversationId: string, outcome: string, score?: number, reason?: string) => ({
  query: `mutation Complete($id: ID!, $outcome: QualificationOutcome!, $score: Int, $reason: String) {
    completeQualification(conversationId: $id, outcome: $outcome, score: $score, reason: $reason) { ${FIELDS} }
  }`,
  variables: { id: conversationId, outcome, score, reason },
});

export const handOff = (conversationId: string, reason: string) => ({
  query: `mutation HandOff($id: ID!, $reason: String!) { handOff(conversationId: $id, reason: $reason) { ${FIELDS} } }`,
  variables: { id: conversationId, reason },
});

export const closeConversation = (conversationId: string) => ({
  query: `mutation Close($id: ID!) { closeConversation(conversationId: $id) { ${FIELDS} } }`,
  variables: { id: conversationId },
});

export const reopenConversation = (conversationId: string) => ({
  query: `mutation Reopen($id: ID!) { reopenConversation(conversationId: $id) { ${FIELDS} } }`,
  variables: { id: conversationId },
});

export const touchConversation = (conversationId: string, at: string) => ({
  query: `mutation Touch($id: ID!, $at: DateTime!) { touchConversation(conversationId: $id, at: $at) { id lastMessageAt } }`,
  variables: { id: conversationId, at },
});

export const conversation = (id: string) => ({
  query: `query One($id: ID!) { conversation(id: $id) { ${FIELDS} } }`,
  variables: { id },
});

export const conversations = (args: { status?: string; first?: number } = {}) => ({
  query: `query List($status: ConversationStatus, $first: Int) { conversations(status: $status, first: $first) { id lead { id } status } }`,
  variables: args,
});

export const handoffQueue = () => ({
  query: `query Queue { handoffQueue { id handoffReason handedOffAt } }`,
  variables: {},
});

export const conversationEntities = (ids: string[]) => ({
  query: `query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Conversation { id status lead { id } } }
  }`,
  variables: { representations: ids.map((id) => ({ __typename: 'Conversation', id })) },
});

export const leadEntities = (ids: string[]) => ({
  query: `query LeadEntities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Lead { id qualificationState conversation { id qualificationState } conversations { id } }
    }
  }`,
  variables: { representations: ids.map((id) => ({ __typename: 'Lead', id })) },
});

const SESSION = 'sessionId role status qr pairingCode lastError phone updatedAt cursor';

export const reportWhatsAppSession = (input: Record<string, unknown>) => ({
  query: `mutation Report($input: ReportWhatsAppSessionInput!) { reportWhatsAppSession(input: $input) { ${SESSION} } }`,
  variables: { input },
});

export const whatsappSessions = () => ({ query: `query { whatsappSessions { ${SESSION} } }`, variables: {} });

export const whatsappSessionCursor = () => ({ query: 'query { whatsappSessionCursor }', variables: {} });

export const whatsappSessionsSince = (after?: string | null) => ({
  query: `query Since($after: String) { whatsappSessionsSince(after: $after) { ${SESSION} } }`,
  variables: { after },
});

export const whatsappAuthEntries = (sessionId: string, keys: string[]) => ({
  query: 'query Auth($sessionId: String!, $keys: [String!]!) { whatsappAuthEntries(sessionId: $sessionId, keys: $keys) { key value } }',
  variables: { sessionId, keys },
});

export const writeWhatsAppAuthEntries = (sessionId: string, entries: Array<{ key: string; value: string | null }>) => ({
  query: 'mutation Write($sessionId: String!, $entries: [WhatsAppAuthEntryInput!]!) { writeWhatsAppAuthEntries(sessionId: $sessionId, entries: $entries) }',
  variables: { sessionId, entries },
});

export const clearWhatsAppAuthState = (sessionId: string) => ({
  query: 'mutation Clear($sessionId: String!) { clearWhatsAppAuthState(sessionId: $sessionId) }',
  variables: { sessionId },
});

const TURN_FIELDS = /* GraphQL */ `applied conversation {
  ${FIELDS} agentTurn agentCursor agentState agentMaySpeak protocol financing optedOutAt
  qualification { state employment timeframeMonths } }`;

export const recordAgentTurn = (conversationId: string, input: Record<string, unknown>) => ({
  query: `mutation Turn($id: ID!, $input: AgentTurnInput!) { recordAgentTurn(conversationId: $id, input: $input) { ${TURN_FIELDS} } }`,
  variables: { id: conversationId, input },
});

export const leadAgentFields = (ids: string[]) => ({
  query: `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Lead { id optedOut protocol financingSimulation } } }`,
  variables: { reps: ids.map((id) => ({ __typename: 'Lead', id })) },
});

export const introduceAssignee = (leadId: string, assignmentId: string, consultantName: string) => ({
  query: `mutation Introduce($leadId: ID!, $assignmentId: ID!, $consultantName: String!) {
    introduceAssignee(leadId: $leadId, assignmentId: $assignmentId, consultantName: $consultantName)
  }`,
  variables: { leadId, assignmentId, consultantName },
});

const AGENT_SETTINGS = /* GraphQL */ `
  productRules { REAL_ESTATE { ...Rule } VEHICLE { ...Rule } }
  requiredFields knowledgeBase { id lang question answer keywords } templates guardrails guardrailPatterns minConfidence maxTurnsWithoutProgress
  overrides version updatedAt`;
const RULE_FRAGMENT = 'fragment Rule on AgentProductRule { annualRate termMonths minIncome minValue maxValue minDownPaymentShare maxInstallmentShare acceptedStates }';

export const agentSettings = () => ({ query: `query Settings { agentSettings { ${AGENT_SETTINGS} } } ${RULE_FRAGMENT}`, variables: {} });

export const updateAgentSettings = (input: Record<string, unknown>, expectedVersion?: number) => ({
  query: `mutation UpdateSettings($input: AgentSettingsInput!, $expectedVersion: Int) {
    updateAgentSettings(input: $input, expectedVersion: $expectedVersion) { ${AGENT_SETTINGS} }
  } ${RULE_FRAGMENT}`,
  variables: { input, expectedVersion },
});
