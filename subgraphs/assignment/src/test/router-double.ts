import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInternalIdentityVerifier, IDENTITY_HEADER } from '@leadwire/platform';

/**
 * Test double of the router, for what this subgraph asks of it: `lead(id)`
 * on behalf of the caller, and its outbox's `touchLead` and
 * `introduceAssignee`. It answers over real HTTP from a table of lead id →
 * workspace, and like the real chain it applies the caller's workspace (from
 * the forwarded, router-signed identity).
 */
export async function startRouterDouble(signingSecret: string) {
  const leads = new Map<string, string>();
  /** What messaging would answer for a lead's messages (the SLA's first-response check). */
  const messages = new Map<string, Array<{ direction: string; author: string; createdAt: string }>>();
  let failMessages = false;
  /** touchLead calls received, as [workspaceId, leadId, identity kind]. */
  const touched: Array<{ workspaceId: string; leadId: string; kind: string }> = [];
  let failTouches = 0;
  /** introduceAssignee calls received (what conversations would tell the lead). */
  const introduced: Array<{ workspaceId: string; leadId: string; assignmentId: string; consultantName: string; kind: string }> = [];
  let failIntroductions = 0;
  const verify = createInternalIdentityVerifier(signingSecret);
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const identity = await verify(req.headers[IDENTITY_HEADER] as string | undefined);
    const { query, variables } = JSON.parse(body) as { query: string; variables: { id?: string } };
    res.setHeader('content-type', 'application/json');
    if (identity && identity.kind !== 'anonymous' && identity.kind !== 'system' && /touchLead\(/.test(query)) {
      // The outbox relay telling the board about an assignment.
      if (failTouches > 0) {
        failTouches -= 1;
        res.statusCode = 503;
        return res.end(JSON.stringify({ errors: [{ message: 'router unavailable' }] }));
      }
      touched.push({ workspaceId: identity.workspaceId, leadId: String(variables.id), kind: identity.kind });
      return res.end(JSON.stringify({ data: { touchLead: true } }));
    }
    if (identity && identity.kind !== 'anonymous' && identity.kind !== 'system' && /introduceAssignee\(/.test(query)) {
      // The outbox relay asking conversations to introduce a consultant; conversations answers NOT_FOUND for a lead it does not know.
      const v = variables as unknown as { leadId: string; assignmentId: string; consultantName: string };
      if (failIntroductions > 0) {
        failIntroductions -= 1;
        res.statusCode = 503;
        return res.end(JSON.stringify({ errors: [{ message: 'router unavailable' }] }));
      }
      if (leads.get(v.leadId) !== identity.workspaceId) {
        return res.end(JSON.stringify({ data: null, errors: [{ message: 'No such lead', extensions: { code: 'NOT_FOUND' } }] }));
      }
      introduced.push({ workspaceId: identity.workspaceId, leadId: v.leadId, assignmentId: v.assignmentId, consultantName: v.consultantName, kind: identity.kind });
      return res.end(JSON.stringify({ data: { introduceAssignee: 'INTRODUCED' } }));
    }
    if (!identity || identity.kind === 'anonymous' || identity.kind === 'system' || !/lead\(id: \$id\)/.test(query)) {
      res.statusCode = 400;
      return res.end(JSON.stringify({ errors: [{ message: 'unexpected router call' }] }));
    }
    const id = String(variables.id);
    const known = leads.get(id) === identity.workspaceId;
    if (/messages\(/.test(query)) {
      if (failMessages) {
        res.statusCode = 502;
        return res.end(JSON.stringify({ errors: [{ message: 'messaging unavailable' }] }));
      }
      return res.end(JSON.stringify({ data: { lead: known ? { id, messages: messages.get(id) ?? [] } : null } }));
    }
    res.end(JSON.stringify({ data: { lead: known ? { id } : null } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    addLead: (workspaceId: string, leadId: string) => leads.set(leadId, workspaceId),
    /** Removes a lead, as if it had been deleted. */
    dropLead: (leadId: string) => leads.delete(leadId),
    setMessages: (leadId: string, list: Array<{ direction: string; author: string; createdAt: string }>) => messages.set(leadId, list),
    /** Makes messages queries fail until called with false. */
    failMessages: (fail: boolean) => void (failMessages = fail),
    touched,
    introduced,
    /** Makes the next `n` introduceAssignee calls fail, as a router that is down would. */
    failNextIntroductions: (n: number) => void (failIntroductions = n),
    /** Makes the next `n` touchLead calls fail, as a router that is down would. */
    failNextTouches: (n: number) => void (failTouches = n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
