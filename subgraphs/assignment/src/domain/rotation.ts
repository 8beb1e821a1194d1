import { Prisma, type ProductLine } from '../generated/prisma/client.ts';
import type { Tx } from './assign.ts';

export interface Candidate {
  id: string;
  productLines: ProductLine[];
  /** Capacity left: open leads (not WON or LOST) count against it. */
  free: number;
}

interface RotationFilter {
  /** Only consultants serving this line; any line when absent. */
  productLine?: ProductLine | null;
  /** Never these users (the holder an SLA expired on, say). */
  exclude?: string[];
  limit?: number;
}

/**
 * The consultants who can take a lead now, in rotation order: active,
 * available, below capacity, and the one who waited longest first (never
 * assigned first, then by their latest assignment's seq, then by id so ties
 * are stable). Call under the workspace lock: the counts are only true while
 * nobody else can assign.
 */
export function consultantsWithRoom(tx: Tx, workspaceId: string, filter: RotationFilter = {}): Promise<Candidate[]> {
  const line = filter.productLine ? Prisma.sql`AND ${filter.productLine}::"ProductLine" = ANY(u."productLines")` : Prisma.empty;
  const exclude = filter.exclude?.length ? Prisma.sql`AND NOT (u."id" = ANY(${filter.exclude}::uuid[]))` : Prisma.empty;
  const limit = filter.limit ? Prisma.sql`LIMIT ${filter.limit}` : Prisma.empty;
  return tx.$queryRaw<Candidate[]>`
    SELECT * FROM (
      SELECT u."id", u."productLines"::text[] AS "productLines", u."lastAssignmentSeq", u."lastAssignedAt",
             (u."capacity" - (SELECT count(*) FROM "LeadAssignment" la WHERE la."userId" = u."id" AND la."closedAt" IS NULL))::int AS "free"
      FROM "User" u
      WHERE u."workspaceId" = ${workspaceId}::uuid AND u."active" AND u."available" AND u."role" = 'CONSULTANT' ${line} ${exclude}
    ) c
    WHERE c."free" > 0
    ORDER BY c."lastAssignmentSeq" ASC NULLS FIRST, c."lastAssignedAt" ASC NULLS FIRST, c."id" ASC
    ${limit}`;
}

/**
 * Whether anyone could ever take a lead of this line besides `exclude`
 * (available or not, full or not): an SLA with nobody left to hand the lead
 * to stops rather than being checked forever.
 */
export async function anyoneElseServes(tx: Tx, workspaceId: string, productLine: ProductLine | null, exclude: string[]): Promise<boolean> {
  const found = await tx.user.findFirst({
    where: {
      workspaceId,
      active: true,
      role: 'CONSULTANT',
      id: { notIn: exclude },
      ...(productLine ? { productLines: { has: productLine } } : {}),
    },
    select: { id: true },
  });
  return found !== null;
}
