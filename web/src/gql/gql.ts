/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query JobQueues {\n    jobQueues {\n      name\n      open\n      unrelayed\n      relayLagSeconds\n      waiting\n      active\n      delayed\n      failed\n      completed\n      redisAvailable\n    }\n  }\n": typeof types.JobQueuesDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        id\n        name\n        role\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  fragment BoardEventFields on LeadEvent {\n    cursor\n    type\n    leadId\n    pipelineId\n    fromStageId\n    toStageId\n    position\n    lead {\n      ...LeadCardFields\n      stage {\n        id\n      }\n      position\n    }\n  }\n": typeof types.BoardEventFieldsFragmentDoc,
    "\n  subscription BoardEvents($pipelineId: ID, $after: String) {\n    boardEvents(pipelineId: $pipelineId, after: $after) {\n      ...BoardEventFields\n    }\n  }\n": typeof types.BoardEventsDocument,
    "\n  query BoardEventsSince($pipelineId: ID, $after: String, $first: Int) {\n    boardEventsSince(pipelineId: $pipelineId, after: $after, first: $first) {\n      ...BoardEventFields\n    }\n  }\n": typeof types.BoardEventsSinceDocument,
    "\n  fragment LeadCardFields on Lead {\n    id\n    name\n    phone\n    dealValue\n    priority\n    assignee {\n      id\n      name\n    }\n    latestMessage {\n      body\n    }\n    qualificationState\n  }\n": typeof types.LeadCardFieldsFragmentDoc,
    "\n  query Board {\n    board {\n      pipeline {\n        id\n        name\n      }\n      columns {\n        stage {\n          id\n          name\n          kind\n          color\n        }\n        count\n        valueSum\n        leads {\n          ...LeadCardFields\n        }\n      }\n    }\n    boardCursor\n  }\n": typeof types.BoardDocument,
    "\n  mutation MoveLead($id: ID!, $stageId: ID!, $position: Int!) {\n    moveLead(id: $id, stageId: $stageId, position: $position) {\n      id\n      position\n      stage {\n        id\n      }\n    }\n  }\n": typeof types.MoveLeadDocument,
};
const documents: Documents = {
    "\n  query JobQueues {\n    jobQueues {\n      name\n      open\n      unrelayed\n      relayLagSeconds\n      waiting\n      active\n      delayed\n      failed\n      completed\n      redisAvailable\n    }\n  }\n": types.JobQueuesDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        id\n        name\n        role\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  fragment BoardEventFields on LeadEvent {\n    cursor\n    type\n    leadId\n    pipelineId\n    fromStageId\n    toStageId\n    position\n    lead {\n      ...LeadCardFields\n      stage {\n        id\n      }\n      position\n    }\n  }\n": types.BoardEventFieldsFragmentDoc,
    "\n  subscription BoardEvents($pipelineId: ID, $after: String) {\n    boardEvents(pipelineId: $pipelineId, after: $after) {\n      ...BoardEventFields\n    }\n  }\n": types.BoardEventsDocument,
    "\n  query BoardEventsSince($pipelineId: ID, $after: String, $first: Int) {\n    boardEventsSince(pipelineId: $pipelineId, after: $after, first: $first) {\n      ...BoardEventFields\n    }\n  }\n": types.BoardEventsSinceDocument,
    "\n  fragment LeadCardFields on Lead {\n    id\n    name\n    phone\n    dealValue\n    priority\n    assignee {\n      id\n      name\n    }\n    latestMessage {\n      body\n    }\n    qualificationState\n  }\n": types.LeadCardFieldsFragmentDoc,
    "\n  query Board {\n    board {\n      pipeline {\n        id\n        name\n      }\n      columns {\n        stage {\n          id\n          name\n          kind\n          color\n        }\n        count\n        valueSum\n        leads {\n          ...LeadCardFields\n        }\n      }\n    }\n    boardCursor\n  }\n": types.BoardDocument,
    "\n  mutation MoveLead($id: ID!, $stageId: ID!, $position: Int!) {\n    moveLead(id: $id, stageId: $stageId, position: $position) {\n      id\n      position\n      stage {\n        id\n      }\n    }\n  }\n": types.MoveLeadDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobQueues {\n    jobQueues {\n      name\n      open\n      unrelayed\n      relayLagSeconds\n      waiting\n      active\n      delayed\n      failed\n      completed\n      redisAvailable\n    }\n  }\n"): (typeof documents)["\n  query JobQueues {\n    jobQueues {\n      name\n      open\n      unrelayed\n      relayLagSeconds\n      waiting\n      active\n      delayed\n      failed\n      completed\n      redisAvailable\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        id\n        name\n        role\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        id\n        name\n        role\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardEventFields on LeadEvent {\n    cursor\n    type\n    leadId\n    pipelineId\n    fromStageId\n    toStageId\n    position\n    lead {\n      ...LeadCardFields\n      stage {\n        id\n      }\n      position\n    }\n  }\n"): (typeof documents)["\n  fragment BoardEventFields on LeadEvent {\n    cursor\n    type\n    leadId\n    pipelineId\n    fromStageId\n    toStageId\n    position\n    lead {\n      ...LeadCardFields\n      stage {\n        id\n      }\n      position\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BoardEvents($pipelineId: ID, $after: String) {\n    boardEvents(pipelineId: $pipelineId, after: $after) {\n      ...BoardEventFields\n    }\n  }\n"): (typeof documents)["\n  subscription BoardEvents($pipelineId: ID, $after: String) {\n    boardEvents(pipelineId: $pipelineId, after: $after) {\n      ...BoardEventFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardEventsSince($pipelineId: ID, $after: String, $first: Int) {\n    boardEventsSince(pipelineId: $pipelineId, after: $after, first: $first) {\n      ...BoardEventFields\n    }\n  }\n"): (typeof documents)["\n  query BoardEventsSince($pipelineId: ID, $after: String, $first: Int) {\n    boardEventsSince(pipelineId: $pipelineId, after: $after, first: $first) {\n      ...BoardEventFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LeadCardFields on Lead {\n    id\n    name\n    phone\n    dealValue\n    priority\n    assignee {\n      id\n      name\n    }\n    latestMessage {\n      body\n    }\n    qualificationState\n  }\n"): (typeof documents)["\n  fragment LeadCardFields on Lead {\n    id\n    name\n    phone\n    dealValue\n    priority\n    assignee {\n      id\n      name\n    }\n    latestMessage {\n      body\n    }\n    qualificationState\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Board {\n    board {\n      pipeline {\n        id\n        name\n      }\n      columns {\n        stage {\n          id\n          name\n          kind\n          color\n        }\n        count\n        valueSum\n        leads {\n          ...LeadCardFields\n        }\n      }\n    }\n    boardCursor\n  }\n"): (typeof documents)["\n  query Board {\n    board {\n      pipeline {\n        id\n        name\n      }\n      columns {\n        stage {\n          id\n          name\n          kind\n          color\n        }\n        count\n        valueSum\n        leads {\n          ...LeadCardFields\n        }\n      }\n    }\n    boardCursor\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveLead($id: ID!, $stageId: ID!, $position: Int!) {\n    moveLead(id: $id, stageId: $stageId, position: $position) {\n      id\n      position\n      stage {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MoveLead($id: ID!, $stageId: ID!, $position: Int!) {\n    moveLead(id: $id, stageId: $stageId, position: $position) {\n      id\n      position\n      stage {\n        id\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;