import { randomUUID } from 'node:crypto';
import { readEnv, type ApiScope, type Identity } from '@leadwire/platform';
import { callSubgraph, directoryDouble, type Operation } from '@leadwire/platform/testing';
import { test as base } from 'vitest';
import { startConversationsSubgraph } from '../index.ts';
import { openConversation } from './operations.ts';

type Subgraph = Awaited<ReturnType<typeof startConversationsSubgraph>>;
type Call = <T = any>(op: Operation, as?: Identity) => ReturnType<typeof callSubgraph<T>>;

export interface Workspace {
  id: string;
  manager: Identity;
  /** The AI agent / WhatsApp connector. */
  service: Identity;
  /** Calls as the manager unless told otherwise. */
  call: Call;
  /** Opens a conversation for a fresh lead id as the service and returns it. */
  open(leadId?: string, sessionId?: string): Promise<any>;
}

const env = readEnv();

/** Which leads exist, as the leads subgraph would say. */
export const world = directoryDouble();

/** An integrator's API key carrying exactly `scopes`. */
export const apiKey = (workspaceId: string, scopes: ApiScope[]): Identity => ({
  kind: 'api_key',
  workspaceId,
  keyId: randomUUID(),
  scopes,
});

export const jidOf = (digits = '5511987654321') => `${digits}@s.whatsapp.net`;

export const test = base.extend<{ subgraph: Subgraph; workspace: Workspace }>({
  subgraph: [
    async ({}, use) => {
      const subgraph = await startConversationsSubgraph({ env, port: 0, directory: world.directory });
      await use(subgraph);
      await subgraph.close();
    },
    { scope: 'worker' },
  ],
  workspace: async ({ subgraph }, use) => {
    const id = randomUUID();
    const manager: Identity = { kind: 'user', workspaceId: id, userId: randomUUID(), role: 'MANAGER' };
    const service: Identity = { kind: 'service', workspaceId: id, keyId: 'ai-agent' };
    const call: Call = (op, as = manager) => callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, as, op);
    const open = async (leadId: string = randomUUID(), sessionId = 'sales-1') => {
      const res = await call(openConversation({ leadId, sessionId, remoteJid: jidOf() }), service);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data.openConversation;
    };
    await use({ id, manager, service, call, open });
  },
});

export { env };
