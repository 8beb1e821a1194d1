import { builder } from '../builder.ts';
import { hashSecret, kindOfSecret } from '../domain/secrets.ts';
import { CredentialKind } from './api-keys.ts';

interface CredentialShape {
  kind: 'API_KEY' | 'PUBLISHABLE' | 'SERVICE';
  workspaceId: string;
  keyId: string;
  scopes: string[];
  allowedOrigins: string[];
}

const Credential = builder.objectRef<CredentialShape>('Credential').implement({
  directives: { inaccessible: {} },
  fields: (t) => ({
    kind: t.field({ type: CredentialKind, resolve: (c) => c.kind }),
    workspaceId: t.exposeID('workspaceId'),
    keyId: t.exposeID('keyId'),
    scopes: t.exposeStringList('scopes'),
    allowedOrigins: t.exposeStringList('allowedOrigins'),
  }),
});

// Last use is for people auditing keys; minute precision spares a write per request.
const LAST_USED_GRANULARITY_MS = 60_000;

builder.queryFields((t) => ({
  // The router resolves API, publishable and service keys here; no client may.
  credential: t.field({
    // Hidden from the client API: only the router calls it, straight at this subgraph.
    inaccessible: true,
    type: Credential,
    nullable: true,
    authScopes: { system: true },
    args: { secret: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const kind = kindOfSecret(args.secret);
      if (!kind || args.secret.length > 200) return null;
      const key = await ctx.prisma.apiKey.findUnique({ where: { hash: hashSecret(args.secret) } });
      if (!key || key.revokedAt || key.kind !== kind) return null;
      const now = new Date();
      if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
        await ctx.prisma.apiKey.updateMany({
          where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_GRANULARITY_MS) } }] },
          data: { lastUsedAt: now },
        });
      }
      return { kind: key.kind, workspaceId: key.workspaceId, keyId: key.id, scopes: key.scopes, allowedOrigins: key.allowedOrigins };
    },
  }),
}));
