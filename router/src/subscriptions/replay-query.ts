import {
  GraphQLError,
  Kind,
  valueFromASTUntyped,
  visit,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
} from 'graphql';
import { LIVE_FIELDS, type LiveField } from './live-fields.ts';

/** Extra selection the router adds so it can advance even if the client did not select `cursor`. */
export const CURSOR_ALIAS = 'lwCursor_';
export const AFTER_VARIABLE = 'lwAfter_';

export interface ReplayPlan {
  live: LiveField;
  responseKey: string;
  args: Record<string, unknown>;
  /** The subscription rewritten as a query taking `$lwAfter_`. */
  document: DocumentNode;
  operationName?: string;
}

/**
 * `subscription { boardEvents(pipelineId: $p) { ...selection } }` becomes
 * `query { boardEvents: boardEventsSince(pipelineId: $p, after: $lwAfter_) { ...selection lwCursor_: cursor } }`:
 * the same selection, resolved by the gateway across every subgraph.
 */
export function planReplay(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): ReplayPlan {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation || operation.operation !== 'subscription') throw new GraphQLError('Only subscriptions are served over graphql-ws');
  const field = operation.selectionSet.selections[0] as FieldNode;
  if (operation.selectionSet.selections.length !== 1 || field.kind !== Kind.FIELD) {
    throw new GraphQLError('A subscription selects exactly one field');
  }
  const live = LIVE_FIELDS[field.name.value];
  if (!live) throw new GraphQLError(`Unknown subscription ${field.name.value}`);
  const args = Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
  const replayField: FieldNode = {
    ...field,
    alias: { kind: Kind.NAME, value: field.alias?.value ?? field.name.value },
    name: { kind: Kind.NAME, value: live.replayField },
    arguments: [
      ...(field.arguments ?? []).filter((a) => a.name.value !== 'after'),
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'after' },
        value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
      },
    ],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        ...(field.selectionSet?.selections ?? []),
        { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: CURSOR_ALIAS }, name: { kind: Kind.NAME, value: live.cursorField ?? 'cursor' } },
      ],
    },
  };
  // The client's own `$after` (now replaced) would be an unused variable, which is invalid.
  const used = new Set<string>();
  const fragments = document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION);
  visit({ kind: Kind.DOCUMENT, definitions: [replayField as never, ...fragments] } as DocumentNode, {
    Variable: (node) => void used.add(node.name.value),
  });
  const query: OperationDefinitionNode = {
    ...operation,
    operation: 'query' as OperationDefinitionNode['operation'],
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []).filter((d) => used.has(d.variable.name.value)),
      {
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
        type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
      },
    ],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [replayField] },
  };
  return {
    live,
    responseKey: replayField.alias!.value,
    args,
    operationName: operation.name?.value,
    document: { ...document, definitions: [query, ...document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION)] },
  };
}
