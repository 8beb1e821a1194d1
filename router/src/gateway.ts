import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { createIdentitySigner, IDENTITY_HEADER, REQUEST_ID_HEADER } from '@leadwire/platform';
import type { SubgraphUrls } from './config.ts';
import type { RouterContext } from './context.ts';

/** Every subgraph fetch carries the caller's identity, signed, and the correlation id. */
class SignedDataSource extends RemoteGraphQLDataSource<RouterContext> {
  constructor(
    url: string,
    private readonly sign: ReturnType<typeof createIdentitySigner>,
  ) {
    // Node's fetch keeps connections to subgraphs alive.
    super({ url, fetcher: fetch as never });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>) {
    if (!request.http || !context?.identity) return;
    request.http.headers.set(IDENTITY_HEADER, await this.sign(context.identity));
    request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}

/** Loads the committed supergraph; subgraph URLs come from configuration, not the file. */
export function createGateway(supergraphPath: string, urls: SubgraphUrls, signingSecret: string) {
  const sign = createIdentitySigner(signingSecret);
  return new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    buildService: ({ name, url }) => new SignedDataSource(urls[name as keyof SubgraphUrls] ?? url!, sign),
  });
}
