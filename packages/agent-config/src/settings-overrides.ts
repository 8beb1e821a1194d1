// A workspace stores only what it changed from the defaults (its overrides),
// so a default improved later reaches every workspace that did not change it.
// These are the rules for layering and editing those overrides.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `override` over `base`: objects merge key by key, `null` removes a key (what
 * is below shows through again), anything else, arrays included, replaces.
 */
export function mergeSettings(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isObject(base) || !isObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else out[key] = mergeSettings(base[key], value);
  }
  return out;
}

/** Objects a removal left empty go too: an override of nothing is no override. */
function prune(value: unknown): unknown {
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const kept = prune(inner);
    if (!isObject(kept) || Object.keys(kept).length) out[key] = kept;
  }
  return out;
}

/**
 * The stored overrides after an edit: `patch` sets what it names, `null`
 * puts a setting back to its default, and lists (required fields, knowledge
 * base, accepted states) are replaced whole.
 */
export function applySettingsPatch(overrides: unknown, patch: unknown): Record<string, unknown> {
  const merged = prune(mergeSettings(isObject(overrides) ? overrides : {}, patch));
  return isObject(merged) ? merged : {};
}

/**
 * The first key of `sent` that `resolved` (the validated settings) has no
 * place for, as a path, or null. Validation drops unknown keys; an edit must
 * not, or a misspelt template name would be accepted and silently do nothing.
 */
export function unknownSettingPath(sent: unknown, resolved: unknown, path: Array<string | number> = []): Array<string | number> | null {
  if (Array.isArray(sent) && Array.isArray(resolved)) {
    for (let i = 0; i < sent.length; i++) {
      const found = unknownSettingPath(sent[i], resolved[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (!isObject(sent) || !isObject(resolved)) return null;
  for (const [key, value] of Object.entries(sent)) {
    if (!(key in resolved)) return value === null ? null : [...path, key];
    const found = unknownSettingPath(value, resolved[key], [...path, key]);
    if (found) return found;
  }
  return null;
}
