/**
 * The platform's processes in one place: their names are also the audiences of
 * the identities the router signs, and their ports the defaults every launcher
 * (start script, tests, bench, router config) uses.
 */
export const SUBGRAPHS = {
  leads: { port: 4001, main: 'subgraphs/leads/src/main.ts', urlEnv: 'LEADS_URL' },
  conversations: { port: 4002, main: 'subgraphs/conversations/src/main.ts', urlEnv: 'CONVERSATIONS_URL' },
  assignment: { port: 4003, main: 'subgraphs/assignment/src/main.ts', urlEnv: 'ASSIGNMENT_URL' },
  messaging: { port: 4004, main: 'subgraphs/messaging/src/main.ts', urlEnv: 'MESSAGING_URL' },
} as const;

export type SubgraphName = keyof typeof SUBGRAPHS;
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];

/**
 * The router answers clients on `port` and the platform's own services on
 * `internalPort`, which is never published: only there does it accept an
 * identity another service signed.
 */
export const ROUTER = { port: 4000, internalPort: 4099, main: 'router/src/main.ts' } as const;

/** Queue workers (qualification; the AI agent joins them here). Health and metrics on `port`. */
export const WORKERS = { port: 4006, main: 'workers/src/main.ts' } as const;

/**
 * The WhatsApp connector: health and metrics on `port`; in development its
 * WhatsApp simulator answers on `simulatorPort` (always loopback).
 */
export const CONNECTOR = { port: 4005, simulatorPort: 4010, main: 'connector/src/main.ts' } as const;
