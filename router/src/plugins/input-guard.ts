import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLInputType, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { RouterContext } from '../context.ts';
import { gatewayGraphql as gql } from '../graphql-realm.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Why a scalar value is refused, or null when it may pass. */
function scalarProblem(typeName: string, value: unknown): string | null {
  if (typeof value === 'string' && value.includes('\u0000')) return 'must not contain a NUL character';
  // Every ID a client sends is a UUID; anything else would only reach PostgreSQL as an error.
  if (typeName === 'ID' && value != null && !(typeof value === 'string' && UUID.test(value))) return 'is not a valid id';
  if (typeName === 'DateTime' && value != null) {
    if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) return 'is not an ISO-8601 date-time';
  }
  if (typeName === 'JSON') return nulInside(value) ? 'must not contain a NUL character' : null;
  return null;
}

function nulInside(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(nulInside);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || nulInside(v));
  return false;
}

class InputProblem extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`${field}: ${problem}`);
  }
}

/** Checks a variable's JSON value along its declared input type. */
function checkValue(type: GraphQLInputType, value: unknown, path: string): void {
  if (value === null || value === undefined) return;
  if (gql.isNonNullType(type)) return checkValue(type.ofType, value, path);
  if (gql.isListType(type)) {
    (Array.isArray(value) ? value : [value]).forEach((item, i) => checkValue(type.ofType, item, `${path}.${i}`));
    return;
  }
  if (gql.isInputObjectType(type)) {
    if (typeof value !== 'object') return;
    const fields = type.getFields();
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      if (field) checkValue(field.type, inner, `${path}.${key}`);
    }
    return;
  }
  if (gql.isScalarType(type)) {
    const problem = scalarProblem(type.name, value);
    if (problem) throw new InputProblem(path, problem);
  }
}

/** Checks the literals written in the document, named by the argument path they fill. */
function checkLiterals(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): void {
  const typeInfo = new gql.TypeInfo(schema);
  const path: string[] = [];
  const definitions = [operation, ...document.definitions.filter((d) => d.kind === gql.Kind.FRAGMENT_DEFINITION)];
  for (const definition of definitions) {
    gql.visit(
      definition,
      gql.visitWithTypeInfo(typeInfo, {
        Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
        ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
        StringValue: (node) => check(node.value),
        IntValue: (node) => check(node.value),
      }),
    );
  }
  function check(value: string) {
    const named = typeInfo.getInputType() ? gql.getNamedType(typeInfo.getInputType()!) : null;
    const problem = scalarProblem(named?.name ?? 'String', value);
    if (problem) throw new InputProblem(path.join('.') || 'query', problem);
  }
}

/**
 * One place where malformed input stops, before any subgraph runs: NUL
 * characters (PostgreSQL cannot store them), ids that are not UUIDs, and
 * date-times that do not parse, in variables and literals alike. The client
 * gets BAD_USER_INPUT naming the field, as for every other bad input.
 */
export function inputGuard(): ApolloServerPlugin<RouterContext> {
  // Literals depend on the document alone, and Apollo hands the same parsed
  // document (so the same operation node) to every request with that query text.
  const checked = new WeakMap<OperationDefinitionNode, InputProblem | null>();
  const literalsOf = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) => {
    if (!checked.has(operation)) {
      try {
        checkLiterals(schema, document, operation);
        checked.set(operation, null);
      } catch (err) {
        if (!(err instanceof InputProblem)) throw err;
        checked.set(operation, err);
      }
    }
    const problem = checked.get(operation);
    if (problem) throw problem;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema }) {
          if (!operation) return;
          try {
            for (const definition of operation.variableDefinitions ?? []) {
              const type = gql.typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
              const name = definition.variable.name.value;
              if (type) checkValue(type, request.variables?.[name], name);
            }
            literalsOf(schema, document, operation);
          } catch (err) {
            if (!(err instanceof InputProblem)) throw err;
            // This module's GraphQLError, as Apollo Server expects; the schema walk uses the gateway's copy.
            throw new GraphQLError(err.message, {
              extensions: { code: 'BAD_USER_INPUT', field: err.field, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
