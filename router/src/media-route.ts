import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import { sendJson, type Logger } from '@leadwire/platform';
import { AuthError, credentialsFrom, type Authenticate } from './auth/authenticate.ts';
import type { RouterContext } from './context.ts';
import { dropInternalHeaders, type ClientIp } from './http-handler.ts';

const ROUTE = /^\/media\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const STORED_NAME = /^[a-f0-9]{64}\.[a-z0-9]{1,8}$/;
// Shown inline only when a browser cannot run it; anything else is a download.
const INLINE = /^(image\/(jpeg|png|webp|gif)|audio\/[\w.+-]+|video\/[\w.+-]+|application\/pdf)$/;

const MEDIA = /* GraphQL */ `query Media($id: ID!) { messageMedia(id: $id) { path mime size fileName } }`;

/**
 * `GET /media/<message id>`: a message's stored media, for whoever may read
 * that message, with the same credentials as the API. Which file, and
 * whether the caller may have it, is the messaging subgraph's answer to the
 * caller's own query; the router only streams the file.
 */
export function createMediaRoute(opts: {
  apollo: ApolloServer<RouterContext>;
  authenticate: Authenticate;
  clientIp: ClientIp;
  mediaDir: string;
  log: Logger;
}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const match = ROUTE.exec((req.url ?? '/').split('?')[0]!);
    if (!match) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return (sendJson(res, 405, { error: 'method not allowed' }), true);
    dropInternalHeaders(req);
    let identity;
    try {
      identity = await opts.authenticate(credentialsFrom(req.headers as Record<string, unknown>));
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      return (sendJson(res, err.status, { error: err.message }), true);
    }
    if (identity.kind === 'anonymous' || identity.kind === 'publishable_key') return (sendJson(res, 401, { error: 'authentication required' }), true);
    const requestId = randomUUID();
    const result = await opts.apollo.executeOperation(
      { query: MEDIA, variables: { id: match[1] } },
      { contextValue: { identity, requestId, log: opts.log.child({ requestId }), ip: opts.clientIp(req) } },
    );
    const media = result.body.kind === 'single' ? (result.body.singleResult.data?.messageMedia as { path: string; mime: string | null; fileName: string | null } | null) : null;
    if (!media || !STORED_NAME.test(media.path)) return (sendJson(res, 404, { error: 'not found' }), true);
    const file = join(opts.mediaDir, media.path);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return (sendJson(res, 404, { error: 'not found' }), true);
    const mime = media.mime && INLINE.test(media.mime) ? media.mime : 'application/octet-stream';
    const name = (media.fileName ?? media.path).replace(/[^\w.\- ]/g, '_');
    res.writeHead(200, {
      'content-type': mime,
      'content-length': info.size,
      'content-disposition': `${mime === 'application/octet-stream' ? 'attachment' : 'inline'}; filename="${name}"`,
      'x-content-type-options': 'nosniff',
      // A file is never a page: no scripts, no forms, whatever it claims to be.
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'private, max-age=300',
    });
    if (req.method === 'HEAD') return (res.end(), true);
    createReadStream(file).pipe(res);
    return true;
  };
}
