// Helpers for the distribution tests: a team of one's choosing, placements, open-lead counts.
import { expect } from 'vitest';
import type { Member, Tenant } from './fixtures.ts';
import { distributeLead, setAvailability, userEntities } from './operations.ts';

export type Line = 'REAL_ESTATE' | 'VEHICLE';

/** The fixture's own consultant goes away so each test chooses its team. */
export async function team(tenant: Tenant, n: number, data: { capacity?: number; productLines?: Line[]; available?: boolean } = {}) {
  await tenant.manager.call(setAvailability(false, tenant.consultants[0]!.id));
  return tenant.addConsultants(n, data);
}

/** Distributes a lead (a new one unless given) as the qualification worker would; fails the test on an error. */
export const distribute = async (tenant: Tenant, line: Line = 'REAL_ESTATE', leadId = tenant.newLead()) => {
  const res = await tenant.service(distributeLead(leadId, line));
  expect(res.errors).toBeUndefined();
  return { leadId, ...res.data.distributeLead };
};

/** Each member's open leads (not WON or LOST), as the API reports them. */
export const openCounts = async (tenant: Tenant, members: Member[]): Promise<number[]> =>
  (await tenant.manager.call(userEntities(members.map((m) => m.id)))).data._entities.map((u: { openLeadCount: number }) => u.openLeadCount);
