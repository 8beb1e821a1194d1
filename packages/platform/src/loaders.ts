import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders, created on first use. Entity references arrive in
 * batches (`_entities` with hundreds of representations); a loader turns each
 * batch into one SQL statement.
 */
export function createLoaders() {
  const loaders = new Map<string, DataLoader<any, any>>();
  return function loader<K, V>(name: string, batch: (keys: readonly K[]) => Promise<Array<V | null>>) {
    let found = loaders.get(name) as DataLoader<K, V | null> | undefined;
    if (!found) {
      found = new DataLoader<K, V | null>(batch, { maxBatchSize: 1000 });
      loaders.set(name, found);
    }
    return found;
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Orders rows to match the requested keys, null where a row is missing or hidden. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): Array<V | null> {
  const map = new Map(rows.map((r) => [keyOf(r), r] as const));
  return keys.map((k) => map.get(k) ?? null);
}
