import { GraphQLError } from 'graphql';
import type { ZodType } from 'zod';

/** The GraphQL-facing codes every subgraph maps its own error codes onto. */
export type GraphQLErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR';

/**
 * A subgraph declares `enum XErrorCode` and one table mapping each code to a
 * GraphQL code; `defineErrors` turns that table into the single `fail()` used
 * by its resolvers, so codes and their GraphQL meaning live in one place.
 */
export type Fail<Code extends string> = (code: Code, message: string, extra?: Record<string, unknown>) => never;

export function defineErrors<Code extends string>(table: Record<Code, GraphQLErrorCode>): Fail<Code> {
  return function fail(code: Code, message: string, extra: Record<string, unknown> = {}): never {
    throw new GraphQLError(message, { extensions: { code: table[code], reason: code, ...extra } });
  };
}

export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', field },
  });
}

/**
 * Validates input at the edge. The first failing field is reported as
 * `extensions.field` (dotted path relative to `root`), so clients can point
 * at it; all issues are listed in `extensions.issues`.
 */
export function parseInput<T>(schema: ZodType<T>, value: unknown, root = 'input'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    field: [root, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
  const first = issues[0]!;
  throw new GraphQLError(`${first.field}: ${first.message}`, {
    extensions: { code: 'BAD_USER_INPUT', field: first.field, issues },
  });
}
