import { readFileSync } from 'node:fs';
import { ApolloGateway, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ANONYMOUS, createIdentitySigner, IDENTITY_HEADER, REQUEST_ID_HEADER, type IdentitySigner } from '@leadwire/platform';
import type { SubgraphUrls } from './config.ts';
import type { RouterContext } from './context.ts';
import { postJson, subgraphHttpError } from './subgraph-client.ts';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/**
 * Sends the gateway's subgraph fetches. Every one carries the caller's
 * identity, signed, and the correlation id. Written against the gateway's
 * data source interface rather than RemoteGraphQLDataSource, which builds a
 * node-fetch Request per call: on the router's hot path that was the largest
 * cost after the subgraph itself.
 */
class SignedDataSource implements GraphQLDataSource<RouterContext> {
  private readonly target: URL;

  constructor(
    url: string,
    /** The subgraph's name: the audience its identity tokens are minted for. */
    private readonly audience: string,
    private readonly sign: IdentitySigner,
  ) {
    this.target = new URL(url);
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): Promise<GatewayGraphQLResponse> {
    const { http: _http, ...payload } = request;
    const ctx = context as Partial<RouterContext> | undefined;
    const headers: Record<string, string> = { [IDENTITY_HEADER]: await this.sign(ctx?.identity ?? ANONYMOUS, this.audience) };
    if (ctx?.requestId) headers[REQUEST_ID_HEADER] = ctx.requestId;
    const response = await postJson(this.target, headers, JSON.stringify(payload));
    if (response.status < 200 || response.status >= 300) throw subgraphHttpError(this.target, response);
    return JSON.parse(response.body) as GatewayGraphQLResponse;
  }
}

/** Loads the committed supergraph; subgraph URLs come from configuration, not the file. */
export function createGateway(supergraphPath: string, urls: SubgraphUrls, signingSecret: string) {
  const sign = createIdentitySigner(signingSecret);
  return new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    buildService: ({ name, url }) => new SignedDataSource(urls[name as keyof SubgraphUrls] ?? url!, name, sign),
  });
}
