import { seesAllLeads, type Identity } from '@leadwire/platform';
import { Kind, type DocumentNode } from 'graphql';
import { gatewayGraphql } from './graphql-realm.ts';

/**
 * Fields whose answer depends on who exactly asks, not only on what they may
 * see: `me` and the `my…` fields (`myAssignedLeadIds`, `myAssignmentsSince`,
 * …). The schema names every such field this way, so a new one is covered
 * without touching this file.
 */
export const isCallerField = (name: string) => name === 'me' || /^my[A-Z]/.test(name);

/** Whether a document selects any caller-dependent field, at any depth. */
export function selectsCallerFields(document: DocumentNode): boolean {
  let found = false;
  gatewayGraphql.visit(document, {
    Field(node) {
      if (isCallerField(node.name.value)) {
        found = true;
        return gatewayGraphql.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

export interface FetchShape {
  /** Only reads are ever shared: a mutation runs once per request, always. */
  read: boolean;
  callerDependent: boolean;
}

const shapes = new Map<string, FetchShape>();

/**
 * What a query string (a subgraph fetch) is, remembered: a query plan's
 * fetches are a fixed set of strings. Unparseable text is neither shared nor
 * treated as a read.
 */
export function fetchShape(query: string): FetchShape {
  let shape = shapes.get(query);
  if (!shape) {
    try {
      const document = gatewayGraphql.parse(query);
      shape = {
        read: document.definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === 'query'),
        callerDependent: selectsCallerFields(document),
      };
    } catch {
      shape = { read: false, callerDependent: true };
    }
    if (shapes.size > 5_000) shapes.clear();
    shapes.set(query, shape);
  }
  return shape;
}

/**
 * Who sees the same answer to the same read. Admins and managers of a
 * workspace see every lead, so their role and workspace decide what they get;
 * a consultant sees only their own leads, so it is the user; an API key sees
 * what its scopes allow. When the read selects caller-dependent fields, it is
 * always the caller themselves. Reads of two identities with one class may
 * share one execution; reads of different classes never do.
 */
export function visibilityClass(identity: Identity, callerDependent = false): string {
  switch (identity.kind) {
    case 'user':
      if (callerDependent || !seesAllLeads(identity)) return `user:${identity.workspaceId}:${identity.userId}:${identity.role}`;
      return `role:${identity.workspaceId}:${identity.role}`;
    case 'api_key':
      if (callerDependent) return `api_key:${identity.workspaceId}:${identity.keyId}`;
      return `scopes:${identity.workspaceId}:${[...identity.scopes].sort().join(',')}`;
    case 'service':
      return callerDependent ? `service:${identity.workspaceId}:${identity.keyId}` : `services:${identity.workspaceId}`;
    case 'publishable_key':
      return `publishable_key:${identity.workspaceId}:${identity.keyId}`;
    default:
      return identity.kind;
  }
}
