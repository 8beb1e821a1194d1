import { describe, expect, it } from 'vitest';
import { fetchShape, visibilityClass } from './visibility-class.ts';
import { createInflight } from './shared-inflight.ts';

describe('visibility classes', () => {
  const user = (userId: string, role: 'ADMIN' | 'MANAGER' | 'CONSULTANT', workspaceId = 'w1') => ({ kind: 'user' as const, workspaceId, userId, role });

  it('puts managers of one workspace together, and keeps roles, workspaces and consultants apart', () => {
    expect(visibilityClass(user('a', 'MANAGER'))).toBe(visibilityClass(user('b', 'MANAGER')));
    expect(visibilityClass(user('a', 'MANAGER'))).not.toBe(visibilityClass(user('a', 'ADMIN')));
    expect(visibilityClass(user('a', 'MANAGER'))).not.toBe(visibilityClass(user('b', 'MANAGER', 'w2')));
    expect(visibilityClass(user('a', 'CONSULTANT'))).not.toBe(visibilityClass(user('b', 'CONSULTANT')));
    // Asking about themselves, managers are themselves.
    expect(visibilityClass(user('a', 'MANAGER'), true)).not.toBe(visibilityClass(user('b', 'MANAGER'), true));
  });

  it('groups API keys by their scopes, in any order', () => {
    const key = (keyId: string, scopes: Array<'leads:read' | 'messages:read'>) => ({ kind: 'api_key' as const, workspaceId: 'w1', keyId, scopes });
    expect(visibilityClass(key('k1', ['leads:read', 'messages:read']))).toBe(visibilityClass(key('k2', ['messages:read', 'leads:read'])));
    expect(visibilityClass(key('k1', ['leads:read']))).not.toBe(visibilityClass(key('k2', ['messages:read'])));
  });

  it('shares only reads, and knows which ask about the caller', () => {
    expect(fetchShape('query { lead(id: "1") { id } }')).toEqual({ read: true, callerDependent: false });
    expect(fetchShape('query { me { id } }')).toEqual({ read: true, callerDependent: true });
    expect(fetchShape('{ myAssignedLeadIds }')).toEqual({ read: true, callerDependent: true });
    expect(fetchShape('mutation { moveLead(id: "1", stageId: "2", position: 0) { id } }').read).toBe(false);
    expect(fetchShape('not graphql').read).toBe(false);
  });

  it('runs identical work once while in flight, and again afterwards', async () => {
    const inflight = createInflight<number>();
    let runs = 0;
    const work = async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 5));
      return runs;
    };
    const [a, b] = [inflight.run('k', work), inflight.run('k', work)];
    expect([a.shared, b.shared]).toEqual([false, true]);
    expect([await a.result, await b.result]).toEqual([1, 1]);
    expect(await inflight.run('k', work).result).toBe(2);
    expect(inflight.size).toBe(0);
  });
});
