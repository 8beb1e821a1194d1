import { formatError } from '@leadwire/platform';
import type { GraphQLFormattedError } from 'graphql';

/** What an error may tell a client outside development: what went wrong and where, not which service or how. */
const PUBLIC_EXTENSIONS = new Set(['code', 'field', 'issues', 'reason', 'missing', 'http']);

/**
 * The platform's error masking, plus, outside development, only the extensions
 * a client acts on: `serviceName` (which subgraph failed), subgraph response
 * bodies and the like map the platform for an attacker and help nobody else.
 */
export function publicErrors(dev: boolean) {
  const masked = formatError();
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = masked(formatted, error);
    if (dev || !result.extensions) return result;
    const extensions = Object.fromEntries(Object.entries(result.extensions).filter(([key]) => PUBLIC_EXTENSIONS.has(key)));
    return { ...result, extensions };
  };
}
