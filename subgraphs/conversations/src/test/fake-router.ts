import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInternalIdentityVerifier, IDENTITY_HEADER } from '@leadwire/platform';

/**
 * Stands in for the router's `myAssignedLeadIds` (answered by the assignment
 * subgraph in production) over real HTTP, so the subgraph's consultant path
 * runs exactly as deployed: signed identity forwarded, JSON answer parsed.
 */
export async function startFakeRouter(signingSecret: string) {
  const verify = createInternalIdentityVerifier(signingSecret);
  const assigned = new Map<string, string[]>();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string };
    const token = req.headers[IDENTITY_HEADER];
    const identity = await verify(typeof token === 'string' ? token : undefined);
    res.setHeader('content-type', 'application/json');
    if (!identity || identity.kind !== 'user' || !body.query.includes('myAssignedLeadIds')) {
      res.statusCode = 400;
      res.end(JSON.stringify({ errors: [{ message: 'unexpected router call' }] }));
      return;
    }
    res.end(JSON.stringify({ data: { myAssignedLeadIds: assigned.get(identity.userId) ?? [] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    assign: (userId: string, leadIds: string[]) => void assigned.set(userId, leadIds),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
