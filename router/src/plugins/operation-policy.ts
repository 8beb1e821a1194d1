import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { AuthError } from '../auth/authenticate.ts';
import type { RateLimits } from '../auth/rate-limits.ts';
import type { RouterContext } from '../context.ts';
import { executedRootFields } from './root-fields.ts';

function refuse(err: AuthError): never {
  throw new GraphQLError(err.message, { extensions: { code: err.code, http: { status: err.status } } });
}

/**
 * Rules that depend on which operation is called, checked once it is parsed,
 * on the root fields it would execute (aliases and fragments included): a
 * publishable key may only `submitLead`, and the two anonymous-facing
 * mutations are rate-limited by how many times the operation runs them.
 */
export function operationPolicy(limits: RateLimits): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (!operation) return;
          const fields = executedRootFields(document, operation, request.variables ?? {});
          const { identity, ip } = contextValue;
          if (identity.kind === 'publishable_key') {
            if (operation.operation !== 'mutation' || fields.some((f) => f.name !== 'submitLead')) {
              refuse(new AuthError(403, 'FORBIDDEN', 'A publishable key may only call submitLead'));
            }
            // Per landing-page key and IP: one busy site cannot exhaust another's allowance.
            await limits.submit(`${identity.keyId}:${ip}`, fields.length).catch(refuse);
          }
          if (operation.operation !== 'mutation') return;
          const logins = fields.filter((f) => f.name === 'login');
          if (!logins.length) return;
          await limits.login(ip, logins.length).catch(refuse);
          for (const { args } of logins) if (typeof args.email === 'string') await limits.loginAccount(args.email).catch(refuse);
        },
      };
    },
  };
}
