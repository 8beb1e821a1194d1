import { createRequire } from 'node:module';

/**
 * @apollo/gateway is CommonJS and builds its schema with graphql's CommonJS
 * build; graphql-js refuses to validate a schema from another module copy
 * ("another module or realm"). Anything that touches the gateway's schema
 * uses the same copy it does.
 */
export const gatewayGraphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
