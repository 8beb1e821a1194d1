// Operation factories: each returns `{ query, variables }` for callSubgraph or the router.
const USER = 'id name email role active available capacity productLines openLeadCount';
const KEY = 'id kind name prefix scopes allowedOrigins revokedAt lastUsedAt';
const ASSIGNMENT = 'id reason assignedAt endedAt endReason actor productLine slaDueAt firstResponseAt cursor lead { id } user { id name }';

export const login = (email: string, password: string) => ({
  query: /* GraphQL */ `mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { token user { ${USER} } }
  }`,
  variables: { email, password },
});

export const me = () => ({ query: /* GraphQL */ `query Me { me { ${USER} } }` });

export const users = (role?: string) => ({
  query: /* GraphQL */ `query Users($role: UserRole) { users(role: $role) { ${USER} } }`,
  variables: { role },
});

export const createUser = (input: Record<string, unknown>) => ({
  query: /* GraphQL */ `mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { ${USER} } }`,
  variables: { input },
});

export const updateUser = (id: string, input: Record<string, unknown>) => ({
  query: /* GraphQL */ `mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ${USER} } }`,
  variables: { id, input },
});

export const setAvailability = (available: boolean, userId?: string) => ({
  query: /* GraphQL */ `mutation SetAvailability($available: Boolean!, $userId: ID) {
    setAvailability(available: $available, userId: $userId) { ${USER} }
  }`,
  variables: { available, userId },
});

export const createApiKey = (input: { name: string; scopes: string[] }) => ({
  query: /* GraphQL */ `mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${KEY} } } }`,
  variables: { input },
});

export const createPublishableKey = (input: { name: string; allowedOrigins: string[] }) => ({
  query: /* GraphQL */ `mutation CreatePublishableKey($input: CreatePublishableKeyInput!) {
    createPublishableKey(input: $input) { secret apiKey { ${KEY} } }
  }`,
  variables: { input },
});

export const revokeApiKey = (id: string) => ({
  query: /* GraphQL */ `mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { ${KEY} } }`,
  variables: { id },
});

export const apiKeys = () => ({ query: /* GraphQL */ `query ApiKeys { apiKeys { ${KEY} } }` });

export const credential = (secret: string) => ({
  query: /* GraphQL */ `query Credential($secret: String!) {
    credential(secret: $secret) { kind workspaceId keyId scopes allowedOrigins }
  }`,
  variables: { secret },
});

export const createWorkspace = (input: Record<string, unknown>) => ({
  query: /* GraphQL */ `mutation CreateWorkspace($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id name slug } }`,
  variables: { input },
});

export const workspace = () => ({ query: /* GraphQL */ `query Workspace { workspace { id name slug } }` });

export const assignLead = (leadId: string, userId: string) => ({
  query: /* GraphQL */ `mutation AssignLead($leadId: ID!, $userId: ID!) { assignLead(leadId: $leadId, userId: $userId) { ${ASSIGNMENT} } }`,
  variables: { leadId, userId },
});

export const autoAssignLead = (leadId: string) => ({
  query: /* GraphQL */ `mutation AutoAssignLead($leadId: ID!) { autoAssignLead(leadId: $leadId) { ${ASSIGNMENT} } }`,
  variables: { leadId },
});

export const unassignLead = (leadId: string) => ({
  query: /* GraphQL */ `mutation UnassignLead($leadId: ID!) { unassignLead(leadId: $leadId) }`,
  variables: { leadId },
});

export const myAssignedLeadIds = () => ({ query: /* GraphQL */ `query Mine { myAssignedLeadIds }` });

export const leadEntities = (ids: string[]) => ({
  query: /* GraphQL */ `query LeadEntities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Lead { id assignee { id name } assignmentHistory { id reason endedAt user { id } } }
    }
  }`,
  variables: { representations: ids.map((id) => ({ __typename: 'Lead', id })) },
});

export const userEntities = (ids: string[]) => ({
  query: /* GraphQL */ `query UserEntities($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on User { id name openLeadCount } }
  }`,
  variables: { representations: ids.map((id) => ({ __typename: 'User', id })) },
});

const DISTRIBUTION = `status productLine created queuePosition enqueuedAt lead { id } consultant { id name } assignment { ${ASSIGNMENT} }`;

export const distributeLead = (leadId: string, productLine: string) => ({
  query: /* GraphQL */ `mutation DistributeLead($leadId: ID!, $productLine: ProductLine!) {
    distributeLead(leadId: $leadId, productLine: $productLine) { ${DISTRIBUTION} }
  }`,
  variables: { leadId, productLine },
});

export const recordLeadOutcome = (leadId: string, outcome: string, cursor: string) => ({
  query: /* GraphQL */ `mutation RecordLeadOutcome($leadId: ID!, $outcome: LeadOutcome!, $cursor: String!) {
    recordLeadOutcome(leadId: $leadId, outcome: $outcome, cursor: $cursor)
  }`,
  variables: { leadId, outcome, cursor },
});

export const markLeadAnswered = (leadId: string, at?: string) => ({
  query: /* GraphQL */ `mutation MarkLeadAnswered($leadId: ID!, $at: DateTime) { markLeadAnswered(leadId: $leadId, at: $at) }`,
  variables: { leadId, at },
});

export const waitingLeads = () => ({
  query: /* GraphQL */ `query WaitingLeads { waitingLeads { lead { id } productLine position enqueuedAt } }`,
});

export const myAssignmentCursor = () => ({ query: /* GraphQL */ `query MyAssignmentCursor { myAssignmentCursor }` });

export const myAssignmentsSince = (after: string | null) => ({
  query: /* GraphQL */ `query MyAssignmentsSince($after: String) { myAssignmentsSince(after: $after) { ${ASSIGNMENT} } }`,
  variables: { after },
});
