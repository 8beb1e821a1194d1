import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client as WsClient } from 'graphql-ws';

/** Relative, so the same build works behind the Vite proxy and any reverse proxy. */
const GRAPHQL_PATH = '/graphql';

export interface ApolloClientOptions {
  /** Session token, or null before login (the login mutation itself is anonymous). */
  token: string | null;
  /** Called when the router rejects the token, e.g. after it expired. */
  onUnauthenticated: () => void;
}

// The socket of each Apollo client, so hooks can learn about reconnects
// without a second React context.
const sockets = new WeakMap<ApolloClient, WsClient>();

function websocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${GRAPHQL_PATH}`;
}

function isUnauthenticated(error: unknown): boolean {
  if (ServerError.is(error) && error.statusCode === 401) return true;
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/**
 * One client per session token: a new login gets an empty cache and a new
 * socket, so nothing one user saw can leak into the next user's screens.
 */
export function createApolloClient({ token, onUnauthenticated }: ApolloClientOptions): ApolloClient {
  const authorization = token ? `Bearer ${token}` : undefined;

  const http = new HttpLink({
    uri: GRAPHQL_PATH,
    headers: authorization ? { authorization } : {},
  });

  const ws = createClient({
    url: websocketUrl(),
    // Browsers cannot set headers on a WebSocket; the router reads the same
    // credential from the connection params instead.
    connectionParams: authorization ? { authorization } : {},
    // A CRM board stays open for hours: keep reconnecting, with graphql-ws's
    // randomised exponential backoff, instead of giving up after 5 tries.
    retryAttempts: Number.POSITIVE_INFINITY,
  });

  const transport = ApolloLink.split(
    (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(ws),
    http,
  );

  const errors = new ErrorLink(({ error }) => {
    // Only a session token can expire; a login attempt with bad credentials
    // must stay on the login page with its message.
    if (token && isUnauthenticated(error)) onUnauthenticated();
  });

  const client = new ApolloClient({
    link: ApolloLink.from([errors, transport]),
    cache: new InMemoryCache(),
  });
  sockets.set(client, ws);
  return client;
}

/** Stops the client's queries and closes its socket when the session ends. */
export function disposeApolloClient(client: ApolloClient): void {
  client.stop();
  void sockets.get(client)?.dispose();
  sockets.delete(client);
}

/**
 * Calls `listener` whenever the client's socket connects again after losing
 * its connection. graphql-ws re-sends each subscription with the variables it
 * started with; a subscription that resumes from a cursor must resubscribe
 * with its newest cursor instead.
 */
export function onSocketReconnected(client: ApolloClient, listener: () => void): () => void {
  const ws = sockets.get(client);
  if (!ws) return () => {};
  return ws.on('connected', (_socket, _payload, wasRetry) => {
    if (wasRetry) listener();
  });
}
