// Idempotent demo data for `npm start`.
//  • seedDemoWorkspace(databaseUrl): the "Leadwire Demo" workspace, its people and
//    keys, written straight into the assignment subgraph's tables (before any
//    service runs). Skipped entirely when the demo admin already exists.
//  • seedSampleLeads(routerUrl): eight sample leads through the public API, once
//    the router is up, only while the board is empty.
//  • bootstrapAdmin(databaseUrl, admin): production's stand-in for the demo (whose
//    passwords are public): one workspace whose admin comes from the environment.
//
//   tsx scripts/seed.ts    (DATABASE_URL, ROUTER_URL as for the services)
import { databaseUrlFor, normalizeCpf, readEnv, zEmail } from '@leadwire/platform';
import { createPrisma, SCHEMA } from '../subgraphs/assignment/src/db.ts';
import { provisionWorkspace } from '../subgraphs/assignment/src/index.ts';

export const DEMO = {
  workspace: { name: 'Leadwire Demo' },
  admin: { name: 'Admin Leadwire', email: 'admin@leadwire.dev', password: 'leadwire-admin' },
  consultants: [
    { name: 'Ana Paula Moreira', email: 'ana@leadwire.dev' },
    { name: 'Bruno Henrique Dias', email: 'bruno@leadwire.dev' },
    { name: 'Carla Fernandes', email: 'carla@leadwire.dev' },
  ],
  manager: { name: 'Gestor Comercial', email: 'gestor@leadwire.dev' },
  userPassword: 'leadwire-demo',
  publishableKey: 'lw_pk_demo_landing_page_0000000000000000',
  publishableOrigins: ['http://localhost:5173', 'http://localhost:4000'],
  serviceKey: 'lw_svc_demo_whatsapp_connector_0000000000',
} as const;

export async function seedDemoWorkspace(databaseUrl: string, log: (line: string) => void = console.log): Promise<boolean> {
  const { prisma, pool } = createPrisma(databaseUrlFor(databaseUrl, SCHEMA));
  try {
    if (await prisma.user.findFirst({ where: { email: DEMO.admin.email }, select: { id: true } })) {
      log(`seed: ${DEMO.admin.email} exists, demo workspace left as it is`);
      return false;
    }
    await provisionWorkspace(prisma, {
      name: DEMO.workspace.name,
      admin: { ...DEMO.admin },
      platformAdmin: true,
      users: [
        ...DEMO.consultants.map((c) => ({ ...c, password: DEMO.userPassword, role: 'CONSULTANT' as const })),
        { ...DEMO.manager, password: DEMO.userPassword, role: 'MANAGER' as const },
      ],
      publishableKey: { name: 'Landing page (demo)', allowedOrigins: [...DEMO.publishableOrigins], secret: DEMO.publishableKey },
      serviceKey: { name: 'WhatsApp connector (demo)', secret: DEMO.serviceKey },
    });
    log(`seed: created workspace "${DEMO.workspace.name}" with 5 users and 2 keys`);
    return true;
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}

export interface BootstrapAdmin {
  email: string;
  password: string;
  workspaceName?: string;
}

/** `BOOTSTRAP_ADMIN_EMAIL` and `BOOTSTRAP_ADMIN_PASSWORD` (optional `BOOTSTRAP_WORKSPACE_NAME`), or null when unset. */
export function bootstrapAdminFromEnv(env: NodeJS.ProcessEnv = process.env): BootstrapAdmin | null {
  const email = env.BOOTSTRAP_ADMIN_EMAIL?.trim();
  const password = env.BOOTSTRAP_ADMIN_PASSWORD;
  if (!email && !password) return null;
  if (!email || !password) throw new Error('Set both BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD, or neither');
  const parsed = zEmail.safeParse(email);
  if (!parsed.success) throw new Error(`BOOTSTRAP_ADMIN_EMAIL is not a valid email: ${email}`);
  // The same minimum as createUser, so the bootstrap admin is no weaker than any other account.
  if (password.length < 10) throw new Error('BOOTSTRAP_ADMIN_PASSWORD must have at least 10 characters');
  return { email: parsed.data, password, workspaceName: env.BOOTSTRAP_WORKSPACE_NAME?.trim() || undefined };
}

/**
 * Creates one workspace whose admin is a platform admin (may create further
 * workspaces), unless a user with that email exists. No keys, no other users,
 * no sample leads: the admin sets those up. Returns whether it created one.
 */
export async function bootstrapAdmin(databaseUrl: string, admin: BootstrapAdmin, log: (line: string) => void = console.log): Promise<boolean> {
  const { prisma, pool } = createPrisma(databaseUrlFor(databaseUrl, SCHEMA));
  try {
    const email = admin.email.trim().toLowerCase();
    if (await prisma.user.findFirst({ where: { email }, select: { id: true } })) {
      log(`bootstrap: ${email} exists, nothing created`);
      return false;
    }
    const name = admin.workspaceName ?? 'Leadwire';
    await provisionWorkspace(prisma, { name, admin: { name: 'Admin', email, password: admin.password }, platformAdmin: true });
    log(`bootstrap: created workspace "${name}" with platform admin ${email}`);
    return true;
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}

// --- GraphQL operations -----------------------------------------------------

export interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

export const ops = {
  login: (email: string, password: string): Operation => ({
    query: /* GraphQL */ `mutation SeedLogin($email: String!, $password: String!) {
      login(email: $email, password: $password) { token user { id name } }
    }`,
    variables: { email, password },
  }),
  board: (): Operation => ({
    query: /* GraphQL */ `query SeedBoard {
      board(first: 1) { pipeline { id } columns { count stage { id name kind order } } }
    }`,
    variables: {},
  }),
  createLead: (input: Record<string, unknown>): Operation => ({
    query: /* GraphQL */ `mutation SeedCreateLead($input: CreateLeadInput!) {
      createLead(input: $input) { id name stage { id } }
    }`,
    variables: { input },
  }),
  moveLead: (id: string, stageId: string, position = 0): Operation => ({
    query: /* GraphQL */ `mutation SeedMoveLead($id: ID!, $stageId: ID!, $position: Int!) {
      moveLead(id: $id, stageId: $stageId, position: $position) { id stage { name } }
    }`,
    variables: { id, stageId, position },
  }),
  autoAssignLead: (leadId: string): Operation => ({
    query: /* GraphQL */ `mutation SeedAutoAssign($leadId: ID!) {
      autoAssignLead(leadId: $leadId) { user { name } }
    }`,
    variables: { leadId },
  }),
};

export async function graphql<T>(url: string, op: Operation, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(op),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length || !body.data) {
    const name = /(?:query|mutation)\s+(\w+)/.exec(op.query)?.[1] ?? 'operation';
    throw new Error(`${name} failed (HTTP ${res.status}): ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  }
  return body.data;
}

/** Appends both check digits to nine base digits. */
export function cpf(base9: string): string {
  const digits = base9.split('').map(Number);
  for (const len of [9, 10]) {
    const sum = digits.slice(0, len).reduce((acc, d, i) => acc + d * (len + 1 - i), 0);
    const rest = (sum * 10) % 11;
    digits.push(rest === 10 ? 0 : rest);
  }
  const all = digits.join('');
  if (!normalizeCpf(all)) throw new Error(`bad CPF base ${base9}`);
  return `${all.slice(0, 3)}.${all.slice(3, 6)}.${all.slice(6, 9)}-${all.slice(9)}`;
}

/** `stage` is the index in the default pipeline (0 Novo … 4 Ganho). */
export const SAMPLE_LEADS = [
  { name: 'Mariana Souza Oliveira', phone: '+55 11 98734-2210', cpf: cpf('529982247'), email: 'mariana.oliveira@gmail.com', productInterest: 'REAL_ESTATE', dealValue: 450_000, priority: 'HIGH', tags: ['apartamento', 'zona-sul'], notes: 'Procura 3 dormitórios perto do metrô.', stage: 0 },
  { name: 'João Pedro Almeida', phone: '+55 21 99612-4408', cpf: cpf('318475962'), email: 'joaopedro.almeida@outlook.com', productInterest: 'VEHICLE', dealValue: 89_000, priority: 'MEDIUM', tags: ['seminovo'], notes: 'SUV até 2022, entrada de 30%.', stage: 1 },
  { name: 'Fernanda Lima Carvalho', phone: '+55 31 98845-1173', cpf: cpf('741852963'), email: 'fernanda.carvalho@yahoo.com.br', productInterest: 'REAL_ESTATE', dealValue: 320_000, priority: 'MEDIUM', tags: ['casa', 'financiamento'], stage: 1 },
  { name: 'Rafael Costa Ribeiro', phone: '+55 41 99127-6635', cpf: cpf('963258741'), email: 'rafael.ribeiro@gmail.com', productInterest: 'VEHICLE', dealValue: 145_000, priority: 'HIGH', tags: ['0km'], stage: 2 },
  { name: 'Camila Rodrigues Santos', phone: '+55 51 98403-9921', cpf: cpf('852147963'), email: 'camila.santos@hotmail.com', productInterest: 'REAL_ESTATE', dealValue: 610_000, priority: 'URGENT', tags: ['cobertura'], notes: 'Quer visitar no sábado.', stage: 3 },
  { name: 'Lucas Ferreira Gomes', phone: '+55 61 99218-3047', cpf: cpf('159357486'), email: 'lucas.gomes@gmail.com', productInterest: 'VEHICLE', dealValue: 62_000, priority: 'LOW', tags: ['consórcio'], stage: 0 },
  { name: 'Beatriz Martins Rocha', phone: '+55 71 98766-0154', cpf: cpf('486213579'), email: 'beatriz.rocha@uol.com.br', productInterest: 'OTHER', dealValue: 25_000, priority: 'LOW', tags: ['reforma'], stage: 0 },
  { name: 'Gustavo Pereira Nunes', phone: '+55 85 99934-5582', cpf: cpf('274839165'), email: 'gustavo.nunes@gmail.com', productInterest: 'REAL_ESTATE', dealValue: 280_000, priority: 'MEDIUM', tags: ['terreno'], stage: 4 },
] as const;

interface BoardData {
  board: { pipeline: { id: string }; columns: Array<{ count: number; stage: { id: string; name: string; kind: string; order: number } }> };
}

/** Creates the sample leads through the router, only when the demo board is empty. Returns how many it created. */
export async function seedSampleLeads(routerUrl: string, log: (line: string) => void = console.log): Promise<number> {
  const { login } = await graphql<{ login: { token: string } }>(routerUrl, ops.login(DEMO.admin.email, DEMO.admin.password));
  const { board } = await graphql<BoardData>(routerUrl, ops.board(), login.token);
  if (board.columns.some((c) => c.count > 0)) {
    log('seed: the demo board has leads already, no sample leads added');
    return 0;
  }
  const stages = [...board.columns].map((c) => c.stage).sort((a, b) => a.order - b.order);
  let assigned = 0;
  for (const { stage, ...input } of SAMPLE_LEADS) {
    const { createLead } = await graphql<{ createLead: { id: string; stage: { id: string } } }>(
      routerUrl,
      ops.createLead({ ...input, tags: [...input.tags], source: 'MANUAL', consent: true }),
      login.token,
    );
    const target = stages[stage];
    if (target && target.id !== createLead.stage.id) {
      await graphql(routerUrl, ops.moveLead(createLead.id, target.id, 0), login.token);
    }
    const { autoAssignLead } = await graphql<{ autoAssignLead: { user: { name: string } } | null }>(
      routerUrl,
      ops.autoAssignLead(createLead.id),
      login.token,
    );
    if (autoAssignLead) assigned++;
  }
  log(`seed: created ${SAMPLE_LEADS.length} sample leads (${assigned} assigned round-robin)`);
  return SAMPLE_LEADS.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = readEnv();
  await seedDemoWorkspace(env.DATABASE_URL);
  await seedSampleLeads(env.ROUTER_URL);
}
