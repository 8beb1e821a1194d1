// Hive Gateway on the committed supergraph, for bench/gateway-compare.ts:
// the same subgraphs the router serves, reached at SUBGRAPH_URLS (JSON of
// name → url). The caller's identity for each subgraph arrives pre-signed in
// `x-identity-<subgraph>` and is forwarded as the identity header the
// subgraphs require: Hive Gateway neither authenticates nor signs, so it does
// strictly less work per request than the router.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { IDENTITY_HEADER } from '@leadwire/platform';

const urls = JSON.parse(process.env.SUBGRAPH_URLS ?? '{}') as Record<string, string>;
let supergraph = readFileSync(join(import.meta.dirname, '..', 'schema', 'supergraph.graphql'), 'utf8');
for (const [name, url] of Object.entries(urls)) {
  supergraph = supergraph.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${url}$2`);
}

const gateway = createGatewayRuntime({
  supergraph,
  logging: false,
  graphiql: false,
  propagateHeaders: {
    fromClientToSubgraphs: ({ request, subgraphName }) => ({ [IDENTITY_HEADER]: request.headers.get(`x-identity-${subgraphName}`) }),
  },
});
const port = Number(process.env.PORT ?? 4790);
createServer(gateway).listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
