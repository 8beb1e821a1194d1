// Composes the supergraph from the subgraphs' code (no running services, no
// rover): prints each subgraph's SDL, composes them with @apollo/composition
// and writes schema/<name>.graphql, schema/supergraph.graphql (loaded by the
// router) and schema/api.graphql (the client-facing schema for codegen).
//
//   tsx schema/compose.ts [--require-all] [--check]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';

// The graphql instance @apollo/composition itself loads (CommonJS). Vitest
// resolves a bare `import 'graphql'` to its .mjs build, a second copy whose
// printSchema refuses the composition's types ("from another module or realm").
const { parse, printSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const HERE = import.meta.dirname;
const ROOT = join(HERE, '..');

/** Composition order and the URLs written into the supergraph (the router overrides them at run time). */
export const SUBGRAPHS = [
  { name: 'leads', port: 4001 },
  { name: 'conversations', port: 4002 },
  { name: 'assignment', port: 4003 },
  { name: 'messaging', port: 4004 },
] as const;

export interface ComposeResult {
  /** File name (relative to schema/) → contents, only when composition succeeded. */
  files: Record<string, string>;
  errors: string[];
  /** Subgraphs skipped because their src/schema/index.ts does not exist. */
  missing: string[];
}

function schemaModule(name: string): string {
  return join(ROOT, 'subgraphs', name, 'src', 'schema', 'index.ts');
}

export async function composeFromCode({ requireAll = false } = {}): Promise<ComposeResult> {
  const files: Record<string, string> = {};
  const missing: string[] = [];
  const services = [];
  for (const { name, port } of SUBGRAPHS) {
    const path = schemaModule(name);
    if (!existsSync(path)) {
      missing.push(name);
      continue;
    }
    const mod = (await import(pathToFileURL(path).href)) as { schema?: GraphQLSchema };
    if (!mod.schema) return { files: {}, missing, errors: [`${path} does not export \`schema\``] };
    const sdl = printSubgraphSchema(mod.schema);
    files[`${name}.graphql`] = sdl.endsWith('\n') ? sdl : `${sdl}\n`;
    services.push({ name, url: `http://127.0.0.1:${port}/graphql`, typeDefs: parse(sdl) });
  }
  if (requireAll && missing.length) {
    return { files: {}, missing, errors: missing.map((name) => `subgraph ${name} has no ${schemaModule(name)}`) };
  }
  if (!services.length) return { files: {}, missing, errors: ['no subgraph schema found'] };

  const result = composeServices(services);
  if (result.errors) {
    return {
      files: {},
      missing,
      errors: result.errors.map((e) => {
        const code = (e.extensions?.code as string | undefined) ?? 'ERROR';
        return `[${code}] ${e.message}`;
      }),
    };
  }
  files['supergraph.graphql'] = `${result.supergraphSdl.trimEnd()}\n`;
  files['api.graphql'] = `${printSchema(result.schema.toAPISchema().toGraphQLJSSchema()).trimEnd()}\n`;
  return { files, errors: [], missing };
}

/** Committed files that differ from (or are missing compared with) what the code produces. */
export function staleFiles(files: Record<string, string>): string[] {
  return Object.entries(files)
    .filter(([file, text]) => {
      const path = join(HERE, file);
      return !existsSync(path) || readFileSync(path, 'utf8') !== text;
    })
    .map(([file]) => file);
}

async function main() {
  const args = new Set(process.argv.slice(2));
  const { files, errors, missing } = await composeFromCode({ requireAll: args.has('--require-all') });
  for (const name of missing) {
    console.warn(`warning: skipped subgraph ${name}: ${schemaModule(name)} does not exist yet`);
  }
  if (errors.length) {
    console.error(`composition failed (${errors.length} error${errors.length === 1 ? '' : 's'}):`);
    for (const error of errors) console.error(`  ${error}`);
    process.exit(1);
  }
  if (args.has('--check')) {
    const stale = staleFiles(files);
    if (stale.length) {
      console.error(`out of date: ${stale.map((f) => `schema/${f}`).join(', ')} — run \`npm run compose\``);
      process.exit(1);
    }
    console.log('schema/*.graphql are up to date');
    return;
  }
  for (const [file, text] of Object.entries(files)) writeFileSync(join(HERE, file), text);
  console.log(`composed ${SUBGRAPHS.length - missing.length} subgraph(s): wrote ${Object.keys(files).map((f) => `schema/${f}`).join(', ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
