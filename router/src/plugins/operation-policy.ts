import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import { AuthError } from '../auth/authenticate.ts';
import type { RateLimits } from '../auth/rate-limits.ts';
import type { RouterContext } from '../context.ts';

function rootFields(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections
    .map((s) => (s.kind === Kind.FIELD ? s.name.value : '…'))
    .filter((name) => name !== '__typename');
}

function refuse(err: AuthError): never {
  throw new GraphQLError(err.message, { extensions: { code: err.code, http: { status: err.status } } });
}

/**
 * Rules that depend on which operation is called, checked once it is parsed:
 * a publishable key may only `submitLead`, and the two anonymous-facing
 * mutations are rate-limited per IP.
 */
export function operationPolicy(limits: RateLimits): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (!operation) return;
          const fields = rootFields(operation);
          const { identity, ip } = contextValue;
          if (identity.kind === 'publishable_key') {
            if (operation.operation !== 'mutation' || fields.some((f) => f !== 'submitLead')) {
              refuse(new AuthError(403, 'FORBIDDEN', 'A publishable key may only call submitLead'));
            }
            // Per landing-page key and IP: one busy site cannot exhaust another's allowance.
            await limits.submit(`${identity.keyId}:${ip}`).catch(refuse);
          }
          if (operation.operation === 'mutation' && fields.includes('login')) await limits.login(ip).catch(refuse);
        },
      };
    },
  };
}
