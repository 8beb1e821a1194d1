import { randomUUID } from 'node:crypto';
import { readEnv, type Identity, type UserRole } from '@leadwire/platform';
import { callSubgraph, type Operation } from '@leadwire/platform/testing';
import { test as base } from 'vitest';
import { provisionWorkspace, startAssignmentSubgraph } from '../index.ts';
import { startRouterDouble } from './router-double.ts';

type Subgraph = Awaited<ReturnType<typeof startAssignmentSubgraph>>;
type Router = Awaited<ReturnType<typeof startRouterDouble>>;
type Call = <T = any>(op: Operation) => ReturnType<typeof callSubgraph<T>>;

const env = readEnv();
export const PASSWORD = 'correct horse battery';

export interface Member {
  id: string;
  email: string;
  identity: Identity;
  call: Call;
}

/** A freshly provisioned workspace (every test its own tenant) and ways to act in it. */
export interface Tenant {
  id: string;
  admin: Member;
  manager: Member;
  consultants: Member[];
  /** Calls as any identity, signed as the router would. */
  as: (identity: Identity | null) => Call;
  /** Registers a lead id with the router double, as if the leads subgraph had it. */
  newLead: () => string;
  /** Adds consultants with their own settings. */
  addConsultants: (n: number, data?: { capacity?: number; available?: boolean; productLines?: Array<'REAL_ESTATE' | 'VEHICLE'> }) => Promise<Member[]>;
  /** Calls as a platform service of this workspace (the qualification worker, an outbox). */
  service: Call;
}

export const test = base
  .extend<{ $worker: { router: Router; subgraph: Subgraph } }>({
    router: [
      async ({}, use) => {
        const router = await startRouterDouble(env.ROUTER_SIGNING_SECRET);
        await use(router);
        await router.close();
      },
      { scope: 'worker' },
    ],
    subgraph: [
      async ({ router }, use) => {
        const subgraph = await startAssignmentSubgraph({ env: { ...env, ROUTER_URL: router.url }, port: 0 });
        await use(subgraph);
        await subgraph.close();
      },
      { scope: 'worker' },
    ],
  })
  .extend<{ tenant: Tenant }>({
    tenant: async ({ subgraph, router }, use) => {
      const tag = randomUUID().slice(0, 8);
      const as = (identity: Identity | null): Call => (op) => callSubgraph(subgraph, env.ROUTER_SIGNING_SECRET, identity, op);
      const made = await provisionWorkspace(subgraph.prisma, {
        name: `Test ${tag}`,
        admin: { name: 'Ada Admin', email: `admin-${tag}@example.com`, password: PASSWORD },
        users: [
          { name: 'Mia Manager', email: `manager-${tag}@example.com`, password: PASSWORD, role: 'MANAGER' },
          { name: 'Cleo Consultant', email: `consultant-${tag}@example.com`, password: PASSWORD, role: 'CONSULTANT' },
        ],
      });
      const workspaceId = made.workspace.id;
      const member = (u: { id: string; email: string; role: UserRole }): Member => {
        const identity: Identity = { kind: 'user', workspaceId, userId: u.id, role: u.role };
        return { id: u.id, email: u.email, identity, call: as(identity) };
      };
      let extra = 0;
      await use({
        id: workspaceId,
        admin: member(made.admin),
        manager: member(made.users[0]!),
        consultants: [member(made.users[1]!)],
        as,
        service: as({ kind: 'service', workspaceId, keyId: 'test-service' }),
        newLead: () => {
          const id = randomUUID();
          router.addLead(workspaceId, id);
          return id;
        },
        addConsultants: async (n, data = {}) => {
          const rows = [];
          for (let i = 0; i < n; i++) {
            rows.push(
              await subgraph.prisma.user.create({
                data: {
                  workspaceId,
                  name: `Consultant ${++extra}`,
                  email: `c${extra}-${tag}@example.com`,
                  // Direct rows skip argon2: these users never log in.
                  passwordHash: 'not-a-login',
                  role: 'CONSULTANT',
                  capacity: data.capacity ?? 20,
                  available: data.available ?? true,
                  productLines: data.productLines,
                },
              }),
            );
          }
          return rows.map(member);
        },
      });
    },
  });

export { env };
