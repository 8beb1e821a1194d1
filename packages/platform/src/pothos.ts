// Pothos pieces for subgraphs only (import from '@leadwire/platform/pothos'): the router never loads them.
import '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import PrismaPlugin, { parsePrismaCursor } from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError, type GraphQLScalarTypeConfig } from 'graphql';
import { authScopesFor, type AuthScopes } from './auth-scopes.ts';
import { badInput } from './errors.ts';
import type { RequestContext } from './subgraph.ts';

/** Scope-auth refusals become typed GraphQL errors instead of masked 500s. */
export function unauthorizedError(_parent: unknown, ctx: RequestContext, _info: unknown, result: { message: string }) {
  const anonymous = ctx.identity.kind === 'anonymous' || ctx.identity.kind === 'system';
  return new GraphQLError(anonymous ? 'Authentication required' : `Forbidden: ${result.message}`, {
    extensions: { code: anonymous ? 'UNAUTHENTICATED' : 'FORBIDDEN' },
  });
}

/** ISO-8601 timestamps, the same in every subgraph so the scalar composes. */
export const dateTimeScalar: Omit<GraphQLScalarTypeConfig<Date, string>, 'name'> = {
  description: 'An ISO-8601 date-time in UTC',
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: (value) => {
    const date = new Date(value as string);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be ISO-8601', { extensions: { code: 'BAD_USER_INPUT' } });
    return date;
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks the `after`/`before` of a connection keyed by a UUID id before Pothos
 * decodes them: a cursor is client input, and a garbage one (or one naming
 * something that is not an id) is BAD_USER_INPUT, not a failed SQL statement.
 */
export function checkIdCursors(args: { after?: string | null; before?: string | null }): void {
  for (const field of ['after', 'before'] as const) {
    const cursor = args[field];
    if (cursor == null) continue;
    let id: unknown;
    try {
      id = parsePrismaCursor(cursor);
    } catch {
      id = null;
    }
    if (typeof id !== 'string' || !UUID.test(id)) throw badInput(field, 'is not a cursor of this list');
  }
}

/** Federation 2.6 link shared by every subgraph. */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';
// Pothos marks entities it extends with @extends, so every subgraph imports it too.
export const FEDERATION_DIRECTIVES = ['@key', '@shareable', '@external', '@requires', '@provides', '@inaccessible', '@extends'];

/** The Pothos type parameters every subgraph's builder shares. */
export interface SubgraphSchemaTypes<Context extends RequestContext, PrismaTypes extends object> {
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: { DateTime: { Input: Date; Output: Date | string }; JSON: { Input: unknown; Output: unknown } };
}

/**
 * Builder options every subgraph shares; each adds only its own `prisma`
 * option. Auth comes first: the federation plugin must wrap resolvers after it.
 */
export const subgraphBuilderOptions = {
  defaultFieldNullability: false as const,
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, DirectivesPlugin, FederationPlugin] as Array<
    typeof ScopeAuthPlugin | typeof PrismaPlugin | typeof RelayPlugin | typeof DirectivesPlugin | typeof FederationPlugin
  >,
  scopeAuth: {
    authScopes: (ctx: RequestContext) => authScopesFor(ctx.identity),
    unauthorizedError,
  },
  relay: { clientMutationId: 'omit' as const, cursorType: 'String' as const, pageInfoTypeOptions: { shareable: true } },
};

/** Shared scalars and the root types every subgraph extends. */
export function addSharedTypes(builder: PothosSchemaTypes.SchemaBuilder<any>): void {
  builder.scalarType('DateTime', dateTimeScalar as never);
  builder.scalarType('JSON', { serialize: (v: unknown) => v, parseValue: (v: unknown) => v });
  builder.queryType({});
  builder.mutationType({});
}
