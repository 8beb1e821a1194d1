import { Kind, valueFromASTUntyped, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export interface RootField {
  name: string;
  args: Record<string, unknown>;
}

/**
 * Every root field an operation executes, however it is spelled: aliases,
 * inline fragments and named fragment spreads are flattened, so a limit on
 * `login` counts `a: login(…)`, `... on Mutation { login(…) }` and
 * `...F` alike. Fields under @skip/@include are counted too: over-counting a
 * limited field is safe, missing one is not.
 */
export function executedRootFields(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): RootField[] {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f] as const),
  );
  const fields: RootField[] = [];
  // Validation already refused fragment cycles; `seen` keeps this safe regardless.
  const walk = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') continue;
        const args = Object.fromEntries((selection.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
        fields.push({ name: selection.name.value, args });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) walk(fragment.selectionSet, new Set([...seen, fragment.name.value]));
      }
    }
  };
  walk(operation.selectionSet, new Set());
  return fields;
}
