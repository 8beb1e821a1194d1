import { randomUUID } from 'node:crypto';
import { createIdentitySigner, createLogger, IDENTITY_HEADER, REQUEST_ID_HEADER } from '@leadwire/platform';
import { describe, expect, it } from 'vitest';
import { startLeadsSubgraph } from '../index.ts';
import { env } from '../test/fixtures.ts';
import { leads } from '../test/operations.ts';

describe('when PostgreSQL fails a request', () => {
  it('answers a bare INTERNAL_SERVER_ERROR and logs the detail under the request’s correlation id', async () => {
    const lines: string[] = [];
    const log = createLogger('leads', 'error', { write: (line: string) => void lines.push(line) });
    // A database that does not exist: every query fails inside the resolver.
    const broken = new URL(env.DATABASE_URL);
    broken.pathname = '/leadwire_no_such_database';
    const subgraph = await startLeadsSubgraph({ env: { ...env, DATABASE_URL: broken.toString() }, port: 0, log });
    try {
      const identity = await createIdentitySigner(env.ROUTER_SIGNING_SECRET)({ kind: 'user', workspaceId: randomUUID(), userId: randomUUID(), role: 'ADMIN' }, 'leads');
      const res = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity, [REQUEST_ID_HEADER]: 'corr-0000-database-outage' },
        body: JSON.stringify(leads()),
      });
      const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(body)).not.toMatch(/leadwire_no_such_database|prisma|stack/i);
      const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unexpected error');
      expect(logged).toMatchObject({ requestId: 'corr-0000-database-outage', service: 'leads' });
      expect(JSON.stringify(logged.err)).toMatch(/leadwire_no_such_database|does not exist/);
    } finally {
      await subgraph.close();
    }
  });
});
