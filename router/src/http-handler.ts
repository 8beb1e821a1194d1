import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { handleGraphQL, IDENTITY_HEADER, requestIdOf, sendJson, type Identity, type Logger } from '@leadwire/platform';
import proxyAddr from 'proxy-addr';
import { AuthError, credentialsFrom, type Authenticate } from './auth/authenticate.ts';
import type { RouterContext } from './context.ts';

const ALLOWED_HEADERS = 'content-type, authorization, x-api-key, x-publishable-key, x-request-id, apollo-require-preflight';

/** Headers the platform sets for itself between its services. */
const INTERNAL_HEADER = /^x-leadwire-/;

/**
 * CORS reflects the caller's origin: credentials travel in headers, never
 * cookies, and a publishable key's own origin list is enforced at
 * authentication, so the browser's check adds nothing a wildcard would lose.
 */
function cors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
    res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-max-age', '600');
  }
  if (req.method === 'OPTIONS') {
    res.statusCode = 204;
    res.end();
    return true;
  }
  return false;
}

/**
 * A public request is treated as if it carried none of the platform's own
 * headers, whatever their casing (Node lowercases names): identities between
 * services travel only on the internal listener.
 */
export function dropInternalHeaders(req: IncomingMessage): void {
  for (const name of Object.keys(req.headers)) if (INTERNAL_HEADER.test(name)) delete req.headers[name];
}

/**
 * The client's address: the socket's, or, when the socket is a configured
 * proxy (the CRM's), the address that proxy forwarded. `X-Forwarded-For` from
 * anyone else is ignored, so it cannot be used to dodge per-IP limits.
 */
export function createClientIp(trustedProxies: string[]) {
  const trust = proxyAddr.compile(trustedProxies);
  return (req: IncomingMessage): string => (trustedProxies.length ? proxyAddr(req, trust) : req.socket.remoteAddress) ?? 'unknown';
}

export type ClientIp = ReturnType<typeof createClientIp>;

function answerAuthError(res: ServerResponse, err: unknown) {
  if (!(err instanceof AuthError)) throw err;
  return sendJson(res, err.status, { errors: [{ message: err.message, extensions: { code: err.code } }] });
}

function createRoute(opts: {
  apollo: ApolloServer<RouterContext>;
  log: Logger;
  clientIp: ClientIp;
  identify: (req: IncomingMessage) => Promise<Identity>;
  withCors: boolean;
}) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (opts.withCors && cors(req, res)) return;
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    let identity: Identity;
    try {
      identity = await opts.identify(req);
    } catch (err) {
      return answerAuthError(res, err);
    }
    const context: RouterContext = { identity, requestId, log: opts.log.child({ requestId }), ip: opts.clientIp(req) };
    await handleGraphQL(opts.apollo, req, res, async () => context);
  };
}

/** `/graphql` for clients: their own credentials only. */
export function createGraphQLRoute(opts: { apollo: ApolloServer<RouterContext>; authenticate: Authenticate; log: Logger; clientIp: ClientIp }) {
  return createRoute({
    ...opts,
    withCors: true,
    identify: async (req) => {
      dropInternalHeaders(req);
      return opts.authenticate(credentialsFrom(req.headers as Record<string, unknown>));
    },
  });
}

/** `/graphql` on the internal listener: services calling on a caller's behalf, with a signed identity. */
export function createInternalGraphQLRoute(opts: {
  apollo: ApolloServer<RouterContext>;
  authenticateInternal: (token: string | undefined) => Promise<Identity>;
  log: Logger;
  clientIp: ClientIp;
}) {
  return createRoute({
    ...opts,
    withCors: false,
    identify: (req) => {
      const token = req.headers[IDENTITY_HEADER];
      return opts.authenticateInternal(typeof token === 'string' ? token : undefined);
    },
  });
}
