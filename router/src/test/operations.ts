// Operation factories for the public API, as integrators and the web app call it.
const op = (query: string, variables: Record<string, unknown> = {}) => ({ query, variables });

export const login = (email: string, password: string) =>
  op(`mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token user { id role } } }`, { email, password });

export const createWorkspace = (name: string, admin: { name: string; email: string; password: string }) =>
  op(`mutation CreateWorkspace($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id name } }`, { input: { name, admin } });

export const createUser = (input: { name: string; email: string; password: string; role: string; capacity?: number }) =>
  op(`mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id name role } }`, { input });

export const createApiKey = (name: string, scopes: string[]) =>
  op(`mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`, { input: { name, scopes } });

export const createPublishableKey = (name: string, allowedOrigins: string[]) =>
  op(`mutation CreatePublishableKey($input: CreatePublishableKeyInput!) { createPublishableKey(input: $input) { secret apiKey { id } } }`, {
    input: { name, allowedOrigins },
  });

export const revokeApiKey = (id: string) => op(`mutation Revoke($id: ID!) { revokeApiKey(id: $id) { id } }`, { id });

export const submitLead = (input: Record<string, unknown>) =>
  op(`mutation SubmitLead($input: SubmitLeadInput!) { submitLead(input: $input) { ok receiptId } }`, { input });

export const createLead = (input: Record<string, unknown>) =>
  op(`mutation CreateLead($input: CreateLeadInput!) { createLead(input: $input) { id name phone stage { id } } }`, { input });

export const moveLead = (id: string, stageId: string, position: number) =>
  op(`mutation MoveLead($id: ID!, $stageId: ID!, $position: Int!) { moveLead(id: $id, stageId: $stageId, position: $position) { id position } }`, {
    id,
    stageId,
    position,
  });

export const assignLead = (leadId: string, userId: string) =>
  op(`mutation Assign($leadId: ID!, $userId: ID!) { assignLead(leadId: $leadId, userId: $userId) { id } }`, { leadId, userId });

export const autoAssignLead = (leadId: string) =>
  op(`mutation AutoAssign($leadId: ID!) { autoAssignLead(leadId: $leadId) { id user { id } } }`, { leadId });

export const lead = (id: string) =>
  op(`query Lead($id: ID!) { lead(id: $id) { id name assignee { id name } stage { name } } }`, { id });

export const leads = (search?: string) =>
  op(`query Leads($search: String) { leads(search: $search, first: 100) { totalCount edges { node { id name } } } }`, { search });

export const board = (first = 50) =>
  op(
    `query Board($first: Int) {
      board(first: $first) {
        pipeline { id name }
        columns {
          stage { id name kind }
          count
          valueSum
          leads {
            id name phone dealValue position
            assignee { id name }
            conversation { id status qualificationState }
            latestMessage { id body }
          }
        }
      }
    }`,
    { first },
  );

export const boardEventsSubscription = (after?: string) =>
  op(
    `subscription Board($after: String) {
      boardEvents(after: $after) { cursor type leadId toStageId lead { id name stage { id name } assignee { id name } } }
    }`,
    after ? { after } : {},
  );

export const messageAddedSubscription = (leadId: string) =>
  op(`subscription Messages($leadId: ID!) { messageAdded(leadId: $leadId) { id body } }`, { leadId });

export const sendMessage = (leadId: string, body: string) =>
  op(`mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id status } }`, { input: { leadId, body } });
