import { readFileSync } from 'node:fs';
import { ApolloGateway, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ANONYMOUS, createIdentitySigner, IDENTITY_HEADER, REQUEST_ID_HEADER, type IdentitySigner } from '@leadwire/platform';
import type { SubgraphUrls } from './config.ts';
import type { RouterContext } from './context.ts';
import { createInflight } from './shared-inflight.ts';
import { postJson, subgraphHttpError, type SubgraphResponse } from './subgraph-client.ts';
import { fetchShape, visibilityClass } from './visibility-class.ts';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** Counts subgraph fetches: sent, or answered by an identical one already in flight. */
export type FetchCounter = (subgraph: string, shared: boolean) => void;

/**
 * Sends the gateway's subgraph fetches. Every one carries the caller's
 * identity, signed, and the correlation id. Written against the gateway's
 * data source interface rather than RemoteGraphQLDataSource, which builds a
 * node-fetch Request per call: on the router's hot path that was the largest
 * cost after the subgraph itself.
 */
class SignedDataSource implements GraphQLDataSource<RouterContext> {
  private readonly target: URL;
  private readonly inflight = createInflight<SubgraphResponse>();

  constructor(
    url: string,
    /** The subgraph's name: the audience its identity tokens are minted for. */
    private readonly audience: string,
    private readonly sign: IdentitySigner,
    private readonly counted: FetchCounter,
  ) {
    this.target = new URL(url);
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): Promise<GatewayGraphQLResponse> {
    const { http: _http, ...payload } = request;
    const ctx = context as Partial<RouterContext> | undefined;
    const identity = ctx?.identity ?? ANONYMOUS;
    const body = JSON.stringify(payload);
    const send = async () => {
      const headers: Record<string, string> = { [IDENTITY_HEADER]: await this.sign(identity, this.audience) };
      if (ctx?.requestId) headers[REQUEST_ID_HEADER] = ctx.requestId;
      return postJson(this.target, headers, body);
    };
    // Identical reads in flight share one fetch, between callers who would get
    // the same answer (the same visibility class), never across classes: the
    // subgraph still applies the permissions of the identity that was sent.
    const shape = payload.query ? fetchShape(payload.query) : { read: false, callerDependent: true };
    let response: SubgraphResponse;
    if (shape.read) {
      const run = this.inflight.run(`${visibilityClass(identity, shape.callerDependent)}\n${body}`, send);
      this.counted(this.audience, run.shared);
      response = await run.result;
    } else {
      this.counted(this.audience, false);
      response = await send();
    }
    if (response.status < 200 || response.status >= 300) throw subgraphHttpError(this.target, response);
    // Parsed per caller: the gateway merges into the objects it is given.
    return JSON.parse(response.body) as GatewayGraphQLResponse;
  }
}

/** Loads the committed supergraph; subgraph URLs come from configuration, not the file. */
export function createGateway(supergraphPath: string, urls: SubgraphUrls, signingSecret: string, counted: FetchCounter = () => undefined) {
  const sign = createIdentitySigner(signingSecret);
  return new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    buildService: ({ name, url }) => new SignedDataSource(urls[name as keyof SubgraphUrls] ?? url!, name, sign, counted),
  });
}
