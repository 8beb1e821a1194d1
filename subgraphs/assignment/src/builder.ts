import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { authScopesFor, dateTimeScalar, unauthorizedError, type AuthScopes } from '@leadwire/platform';
import type { AssignmentContext } from './context.ts';
import type PrismaTypes from './generated/pothos-types.ts';
import { getDatamodel } from './generated/pothos-types.ts';

export const builder = new SchemaBuilder<{
  Context: AssignmentContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: { DateTime: { Input: Date; Output: Date | string }; JSON: { Input: unknown; Output: unknown } };
}>({
  // Auth first: the federation plugin must wrap resolvers after it.
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, DirectivesPlugin, FederationPlugin],
  scopeAuth: {
    authScopes: (ctx) => authScopesFor(ctx.identity),
    unauthorizedError,
  },
  prisma: { client: (ctx) => ctx.prisma, dmmf: getDatamodel(), exposeDescriptions: false },
  relay: { clientMutationId: 'omit', cursorType: 'String', pageInfoTypeOptions: { shareable: true } },
});

builder.scalarType('DateTime', dateTimeScalar as never);
builder.scalarType('JSON', { serialize: (v) => v, parseValue: (v) => v });
builder.queryType({});
builder.mutationType({});
