import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInternalIdentityVerifier, IDENTITY_HEADER } from '@leadwire/platform';

/**
 * Stands in for the router's `myAssignedLeadIds` (answered by the assignment
 * subgraph in production) and `sendAgentReplies` (messaging) over real HTTP,
 * so the subgraph's calls run exactly as deployed: signed identity forwarded,
 * JSON answer parsed.
 */
export async function startFakeRouter(signingSecret: string) {
  const verify = createInternalIdentityVerifier(signingSecret);
  const assigned = new Map<string, string[]>();
  /** sendAgentReplies calls received, with the identity they were made as. */
  const replies: Array<{ workspaceId: string; kind: string; conversationId: string; key: string; replies: string[] }> = [];
  let failReplies = false;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, any> };
    const token = req.headers[IDENTITY_HEADER];
    const identity = await verify(typeof token === 'string' ? token : undefined);
    res.setHeader('content-type', 'application/json');
    if (identity?.kind === 'service' && body.query.includes('sendAgentReplies(')) {
      if (failReplies) {
        res.statusCode = 502;
        res.end(JSON.stringify({ errors: [{ message: 'messaging unavailable' }] }));
        return;
      }
      const input = body.variables!.input as { conversationId: string; key: string; replies: string[] };
      replies.push({ workspaceId: identity.workspaceId, kind: identity.kind, ...input });
      res.end(JSON.stringify({ data: { sendAgentReplies: input.replies.map((_, i) => ({ id: `${input.key}-${i}` })) } }));
      return;
    }
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
    replies,
    /** Makes sendAgentReplies fail until called with false, as an unreachable messaging would. */
    failReplies: (fail: boolean) => void (failReplies = fail),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
