import { createHash } from 'node:crypto';
import { createSystemLookup } from './system-lookup.ts';

export interface ResolvedCredential {
  kind: 'API_KEY' | 'PUBLISHABLE' | 'SERVICE';
  workspaceId: string;
  keyId: string;
  scopes: string[];
  allowedOrigins: string[];
}

const CREDENTIAL = /* GraphQL */ `query Credential($secret: String!) {
  credential(secret: $secret) { kind workspaceId keyId scopes allowedOrigins }
}`;

/** API, publishable and service keys; cached by the secret's hash, never the secret. */
export function createCredentialResolver(assignmentUrl: string, signingSecret: string, ttlMs = 30_000) {
  const lookup = createSystemLookup<ResolvedCredential>({ assignmentUrl, signingSecret, query: CREDENTIAL, field: 'credential', ttlMs });
  return {
    resolve: (secret: string) => lookup.get(createHash('sha256').update(secret).digest('hex'), { secret }),
    forget: () => lookup.forget(),
  };
}

export type CredentialResolver = ReturnType<typeof createCredentialResolver>;

export interface SessionStatus {
  workspaceId: string;
  role: 'ADMIN' | 'MANAGER' | 'CONSULTANT';
  active: boolean;
}

const SESSION_STATUS = /* GraphQL */ `query SessionStatus($userId: ID!) {
  sessionStatus(userId: $userId) { workspaceId role active }
}`;

/** Whether a signed-in user still exists, is active, and in which role. */
export function createSessionStatusResolver(assignmentUrl: string, signingSecret: string, ttlMs = 30_000) {
  const lookup = createSystemLookup<SessionStatus>({ assignmentUrl, signingSecret, query: SESSION_STATUS, field: 'sessionStatus', ttlMs });
  return {
    resolve: (userId: string) => lookup.get(userId, { userId }),
    forget: () => lookup.forget(),
  };
}

export type SessionStatusResolver = ReturnType<typeof createSessionStatusResolver>;
