// Operation factories: each returns `{ query, variables }` for callSubgraph or the router.
export const createLead = (input: Record<string, unknown>) => ({
  query: /* GraphQL */ `mutation CreateLead($input: CreateLeadInput!) {
    createLead(input: $input) { id name phone cpf region position stage { id name } }
  }`,
  variables: { input },
});

export const moveLead = (id: string, stageId: string, position: number) => ({
  query: /* GraphQL */ `mutation MoveLead($id: ID!, $stageId: ID!, $position: Int!) {
    moveLead(id: $id, stageId: $stageId, position: $position) { id position stage { id } }
  }`,
  variables: { id, stageId, position },
});

export const board = (first = 50) => ({
  query: /* GraphQL */ `query Board($first: Int) {
    board(first: $first) { pipeline { id } columns { stage { id name kind } count valueSum leads { id position } } }
  }`,
  variables: { first },
});

export const leads = (args: Record<string, unknown> = {}) => ({
  query: /* GraphQL */ `query Leads($filter: LeadFilter, $search: String, $first: Int, $after: String) {
    leads(filter: $filter, search: $search, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id name } }
    }
  }`,
  variables: args,
});

export const entities = (ids: string[]) => ({
  query: /* GraphQL */ `query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Lead { id name } }
  }`,
  variables: { representations: ids.map((id) => ({ __typename: 'Lead', id })) },
});

export const boardEventsSince = (after: string | null) => ({
  query: /* GraphQL */ `query Since($after: String) { boardEventsSince(after: $after) { cursor type leadId position } }`,
  variables: { after },
});

export const boardEventsPage = (after: string | null, first = 500) => ({
  query: /* GraphQL */ `query Page($after: String, $first: Int) { boardEventsSince(after: $after, first: $first) { cursor type leadId toStageId position } }`,
  variables: { after, first },
});

export const boardCursor = () => ({ query: /* GraphQL */ `query Cursor { boardCursor }`, variables: {} });

export const leadPosition = (id: string) => ({
  query: /* GraphQL */ `query Position($id: ID!) { lead(id: $id) { id position stage { id } } }`,
  variables: { id },
});

export const deleteLead = (id: string) => ({
  query: /* GraphQL */ `mutation DeleteLead($id: ID!) { deleteLead(id: $id) }`,
  variables: { id },
});

export const ensureWhatsAppLeads = (contacts: Array<{ phone: string; name?: string }>) => ({
  query: /* GraphQL */ `mutation Ensure($contacts: [WhatsAppContactInput!]!) { ensureWhatsAppLeads(contacts: $contacts) { phone leadId created } }`,
  variables: { contacts },
});

export const updateStage = (stageId: string, input: Record<string, unknown>) => ({
  query: /* GraphQL */ `mutation UpdateStage($stageId: ID!, $input: StageInput!) { updateStage(stageId: $stageId, input: $input) { id name kind } }`,
  variables: { stageId, input },
});
