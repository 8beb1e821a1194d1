import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeFromCode, staleFiles } from './compose.ts';

describe('supergraph composition', () => {
  it('composes all four subgraphs, and the committed schema/*.graphql match the code', async () => {
    const { files, errors } = await composeFromCode({ requireAll: true });
    expect(errors, `the subgraphs do not compose:\n${errors.join('\n')}`).toEqual([]);

    const stale = staleFiles(files);
    expect(stale, `schema/${stale.join(', schema/')} differ from the code: run \`npm run compose\``).toEqual([]);

    const stray = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.graphql') && !(f in files));
    expect(stray, `schema/${stray.join(', schema/')} are not produced by compose.ts: run \`npm run compose\``).toEqual([]);
  });
});
