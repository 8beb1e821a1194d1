// Distribution as the qualification worker calls it, and the user changes that steer it.
import { createServiceClient } from '@leadwire/platform';
import type { Operation } from '@leadwire/platform/testing';
import type { Result } from './client.ts';
import type { Platform } from './platform.ts';

/** Calls as a service of the workspace, through the router's internal endpoint, as the qualification worker does. */
export function serviceCaller(platform: Platform, workspaceId: string) {
  const request = createServiceClient(platform.routerInternalUrl, platform.env.ROUTER_SIGNING_SECRET);
  return async <T = any>(op: Operation): Promise<Result<T>> => request<T>({ workspaceId, service: 'qualification' }, op.query, op.variables ?? {});
}

export const distributeLead = (leadId: string, productLine: string) => ({
  query: /* GraphQL */ `mutation Distribute($leadId: ID!, $productLine: ProductLine!) {
    distributeLead(leadId: $leadId, productLine: $productLine) {
      status created queuePosition productLine lead { id } consultant { id name } assignment { id reason }
    }
  }`,
  variables: { leadId, productLine },
});

export const updateUser = (id: string, input: Record<string, unknown>) => ({
  query: 'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }',
  variables: { id, input },
});
