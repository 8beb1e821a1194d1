import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { handleGraphQL, requestIdOf, sendJson, type Logger } from '@leadwire/platform';
import { AuthError, credentialsFrom, type Authenticate } from './auth/authenticate.ts';
import type { RouterContext } from './context.ts';

const ALLOWED_HEADERS = 'content-type, authorization, x-api-key, x-publishable-key, x-request-id, apollo-require-preflight';

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

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') return forwarded.split(',')[0]!.trim();
  return req.socket.remoteAddress ?? 'unknown';
}

export function createGraphQLRoute(opts: { apollo: ApolloServer<RouterContext>; authenticate: Authenticate; log: Logger; trustProxy: boolean }) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (cors(req, res)) return;
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    const log = opts.log.child({ requestId });
    let identity;
    try {
      identity = await opts.authenticate(credentialsFrom(req.headers as Record<string, unknown>));
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      return sendJson(res, err.status, { errors: [{ message: err.message, extensions: { code: err.code } }] });
    }
    const context: RouterContext = { identity, requestId, log, ip: clientIp(req, opts.trustProxy) };
    await handleGraphQL(opts.apollo, req, res, async () => context);
  };
}
