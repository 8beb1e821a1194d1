// Workspaces for the fan-out bench: an admin, managers and consultants
// (written straight to the assignment schema, with session tokens minted as
// `login` would: nobody needs to type a password here), and leads created and
// assigned through the router.
import { randomBytes } from 'node:crypto';
import { databaseUrlFor, issueSessionToken, type PlatformEnv } from '@leadwire/platform';
import { provisionWorkspace } from '../subgraphs/assignment/src/index.ts';
import { createPrisma, SCHEMA as ASSIGNMENT_SCHEMA } from '../subgraphs/assignment/src/db.ts';

export interface BenchUser {
  id: string;
  role: 'ADMIN' | 'MANAGER' | 'CONSULTANT';
  token: string;
}

export interface BenchTenant {
  workspaceId: string;
  admin: BenchUser;
  managers: BenchUser[];
  consultants: BenchUser[];
  /** Lead id → the consultant holding it. */
  leads: Map<string, string>;
  stages: string[];
}

export async function call<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length || !body.data) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

export async function createTenant(env: PlatformEnv, routerUrl: string, size: { managers: number; consultants: number; leads: number }): Promise<BenchTenant> {
  const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const { prisma, pool } = createPrisma(databaseUrlFor(env.DATABASE_URL, ASSIGNMENT_SCHEMA));
  try {
    const password = `fanout-${tag}-password`;
    const { workspace, admin } = await provisionWorkspace(prisma, { name: `Fan-out ${tag}`, slug: `fanout-${tag}`, admin: { name: 'Fan-out Admin', email: `fanout-${tag}@leadwire.dev`, password } });
    const people = [
      ...Array.from({ length: size.managers }, (_, i) => ({ role: 'MANAGER' as const, name: `Manager ${i}` })),
      ...Array.from({ length: size.consultants }, (_, i) => ({ role: 'CONSULTANT' as const, name: `Consultant ${i}` })),
    ];
    await prisma.user.createMany({
      data: people.map((p, i) => ({ workspaceId: workspace.id, name: p.name, email: `fanout-${tag}-${i}@leadwire.dev`, passwordHash: 'no-login', role: p.role, capacity: 1_000 })),
    });
    const users = await prisma.user.findMany({ where: { workspaceId: workspace.id }, select: { id: true, role: true }, orderBy: { email: 'asc' } });
    const minted = await Promise.all(
      users.map(async (u) => ({ id: u.id, role: u.role, token: await issueSessionToken(env.JWT_SECRET, { id: u.id, workspaceId: workspace.id, role: u.role }) })),
    );
    const adminUser = minted.find((u) => u.id === admin.id)!;
    const tenant: BenchTenant = {
      workspaceId: workspace.id,
      admin: adminUser,
      managers: minted.filter((u) => u.role === 'MANAGER'),
      consultants: minted.filter((u) => u.role === 'CONSULTANT'),
      leads: new Map(),
      stages: [],
    };
    const indexes = Array.from({ length: size.leads }, (_, i) => i);
    await inParallel(indexes, 8, async (i) => {
      const { createLead } = await call<{ createLead: { id: string } }>(routerUrl, adminUser.token,
        'mutation FanoutLead($input: CreateLeadInput!) { createLead(input: $input) { id } }', { input: { name: `Lead ${i}`, dealValue: 1_000 + i } });
      const consultant = tenant.consultants[i % tenant.consultants.length]!;
      await call(routerUrl, adminUser.token, 'mutation FanoutAssign($leadId: ID!, $userId: ID!) { assignLead(leadId: $leadId, userId: $userId) { id } }', { leadId: createLead.id, userId: consultant.id });
      tenant.leads.set(createLead.id, consultant.id);
    });
    const board = await call<{ board: { columns: Array<{ stage: { id: string } }> } }>(routerUrl, adminUser.token, 'query FanoutStages { board(first: 0) { columns { stage { id } } } }');
    tenant.stages = board.board.columns.map((c) => c.stage.id);
    return tenant;
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}
