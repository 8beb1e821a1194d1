import { GraphQLError, type GraphQLScalarTypeConfig } from 'graphql';
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

/** Federation 2.6 link shared by every subgraph. */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';
// Pothos marks entities it extends with @extends, so every subgraph imports it too.
export const FEDERATION_DIRECTIVES = ['@key', '@shareable', '@external', '@requires', '@provides', '@inaccessible', '@extends'];
