import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { handleGraphQL, requestIdOf, sendJson, startService, type RunningService } from './http.ts';
import { createIdentityVerifier, IDENTITY_HEADER, type Identity } from './identity.ts';
import type { Logger } from './logger.ts';

export interface RequestContext extends BaseContext {
  identity: Identity;
  /** The router-signed header, forwarded when this subgraph calls the router on the caller's behalf. */
  identityToken: string;
  requestId: string;
  log: Logger;
}

/** A database failure or a bug, as opposed to an error we raised on purpose with a code. */
function isUnexpected(error: unknown, code: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof Error && original.name === 'PothosValidationError') return false;
  if (original instanceof GraphQLError && original.extensions?.code) return false;
  return !code || code === 'INTERNAL_SERVER_ERROR';
}

/**
 * Pothos refuses malformed connection arguments (a cursor that does not decode,
 * `first` with `before`) before any resolver of ours runs. Those are the
 * client's input: BAD_USER_INPUT, naming the pagination argument it sent.
 */
function paginationError(error: unknown, formatted: GraphQLFormattedError): GraphQLFormattedError | null {
  const original = unwrapResolverError(error);
  if (!(original instanceof Error) || original.name !== 'PothosValidationError') return null;
  const sent = new Set((error as GraphQLError).nodes?.flatMap((n) => ('arguments' in n ? (n.arguments ?? []).map((a) => a.name.value) : [])));
  const field = ['after', 'before', 'first', 'last'].find((name) => sent.has(name)) ?? 'arguments';
  return { message: `${field}: ${original.message}`, path: formatted.path, extensions: { code: 'BAD_USER_INPUT', field } };
}

/**
 * Unexpected errors reach the client as a bare INTERNAL_SERVER_ERROR: no SQL,
 * no stack. Their detail goes to the log (see `logUnexpectedErrors`).
 */
export function formatError() {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError =>
    paginationError(error, formatted) ??
    (isUnexpected(error, formatted.extensions?.code)
      ? { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } }
      : formatted);
}

/** Logs unexpected errors with the request's own logger, so they carry its correlation id. */
export function logUnexpectedErrors<Ctx extends { log: Logger }>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            if (isUnexpected(error, error.extensions?.code)) {
              contextValue.log.error({ err: unwrapResolverError(error), path: error.path }, 'unexpected error');
            }
          }
        },
      };
    },
  };
}

export interface SubgraphOptions<Ctx extends RequestContext> {
  name: string;
  schema: GraphQLSchema;
  port: number;
  /** Defaults to 127.0.0.1: only the router calls a subgraph. */
  host?: string;
  signingSecret: string;
  log: Logger;
  context: (base: RequestContext) => Ctx;
  ready: () => Promise<boolean>;
}

/**
 * Serves a subgraph that only the router can call: a request without a valid
 * router-signed identity is answered 401 before any GraphQL runs.
 */
export async function startSubgraph<Ctx extends RequestContext>(
  opts: SubgraphOptions<Ctx>,
): Promise<RunningService & { apollo: ApolloServer<Ctx> }> {
  // Only identities the router minted for this subgraph by name are accepted.
  const verify = createIdentityVerifier(opts.signingSecret, opts.name);
  const apollo = new ApolloServer<Ctx>({
    schema: opts.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Federated tracing is for Apollo's hosted studio and cache hints for a CDN
    // we do not use; both wrap every resolver and only cost CPU here.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), logUnexpectedErrors<Ctx>()],
    formatError: formatError(),
  });
  await apollo.start();
  const service = await startService({
    name: opts.name,
    port: opts.port,
    host: opts.host,
    log: opts.log,
    ready: opts.ready,
    graphql: async (req, res) => {
      const token = req.headers[IDENTITY_HEADER];
      const identity = await verify(typeof token === 'string' ? token : undefined);
      const requestId = requestIdOf(req);
      if (!identity) {
        opts.log.warn({ requestId }, 'refused request without router signature');
        return sendJson(res, 401, {
          errors: [{ message: 'This service only answers the Leadwire router', extensions: { code: 'UNAUTHENTICATED' } }],
        });
      }
      const log = opts.log.child({ requestId });
      const base: RequestContext = { identity, identityToken: token as string, requestId, log };
      await handleGraphQL(apollo, req, res, async () => opts.context(base), { 'x-request-id': requestId });
    },
  });
  return {
    ...service,
    apollo,
    async close() {
      await service.close();
      await apollo.stop();
    },
  };
}


export interface PrismaSubgraphOptions<Ctx extends RequestContext> {
  name: string;
  schema: GraphQLSchema;
  port: number;
  host?: string;
  signingSecret: string;
  log: Logger;
  /** The subgraph's own pool (from `createPgAdapter`) and the Prisma client on it. */
  pool: { query(sql: string): Promise<{ rowCount: number | null }>; end(): Promise<void> };
  prisma: { $disconnect(): Promise<void> };
  context: (base: RequestContext) => Ctx;
  /** Closes what the subgraph opened besides its database (Redis, …). */
  onClose?: () => void | Promise<void>;
}

/**
 * The one way a subgraph starts: serve the schema behind the router's
 * signature, report ready while PostgreSQL answers, and on close drain HTTP
 * before letting go of the database.
 */
export async function startPrismaSubgraph<Ctx extends RequestContext>(opts: PrismaSubgraphOptions<Ctx>) {
  const service = await startSubgraph({
    name: opts.name,
    schema: opts.schema,
    port: opts.port,
    host: opts.host,
    signingSecret: opts.signingSecret,
    log: opts.log,
    context: opts.context,
    ready: async () => (await opts.pool.query('select 1')).rowCount === 1,
  });
  opts.log.info({ url: service.url }, `${opts.name} subgraph listening`);
  return {
    ...service,
    async close() {
      await service.close();
      await opts.onClose?.();
      await opts.prisma.$disconnect();
      await opts.pool.end();
    },
  };
}
