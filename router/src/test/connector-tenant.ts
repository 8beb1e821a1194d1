import { randomBytes, randomUUID } from 'node:crypto';
import { databaseUrlFor } from '@leadwire/platform';
import { createPrisma, SCHEMA } from '../../../subgraphs/assignment/src/db.ts';
import { provisionWorkspace } from '../../../subgraphs/assignment/src/index.ts';
import { bearer, ok, routerCaller, type Caller } from './client.ts';
import { TENANT_PASSWORD } from './fixtures.ts';
import { login } from './operations.ts';
import type { Platform } from './platform.ts';

export interface ConnectorTenant {
  workspaceId: string;
  admin: Caller;
  /** Calls as the WhatsApp connector does: with the workspace's service key. */
  connector: Caller;
  serviceKey: string;
  adminEmail: string;
  password: string;
  /** The admin's session token. */
  adminToken: string;
}

/**
 * A workspace with a service key, as an operator provisions one for a
 * connector (there is no API to mint service keys: they are deployment
 * secrets). Written the way the demo seed writes its own.
 */
export async function createConnectorTenant(platform: Platform): Promise<ConnectorTenant> {
  const { prisma, pool } = createPrisma(databaseUrlFor(platform.env.DATABASE_URL, SCHEMA));
  const tag = randomUUID().slice(0, 8);
  const serviceKey = `lw_svc_${randomBytes(32).toString('base64url')}`;
  try {
    const made = await provisionWorkspace(prisma, {
      name: `Connector ${tag}`,
      admin: { name: 'Connector Admin', email: `connector-${tag}@test.dev`, password: TENANT_PASSWORD },
      serviceKey: { name: 'WhatsApp connector', secret: serviceKey },
    });
    const token = (await ok(routerCaller(platform.routerUrl)(login(`connector-${tag}@test.dev`, TENANT_PASSWORD)))).login.token;
    return {
      workspaceId: made.workspace.id,
      admin: routerCaller(platform.routerUrl, bearer(token)),
      connector: routerCaller(platform.routerUrl, bearer(serviceKey)),
      serviceKey,
      adminEmail: `connector-${tag}@test.dev`,
      adminToken: token,
      password: TENANT_PASSWORD,
    };
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}
