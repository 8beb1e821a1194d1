import type { Logger } from '@leadwire/platform';
import { z } from 'zod';
import type { Assignment, PrismaClient } from '../generated/prisma/client.ts';
import { assignUnderLock, inWorkspaceLock, type Tx } from './assign.ts';
import type { FirstResponseCheck } from './first-response.ts';
import { unassignUnderLock } from './release.ts';
import { anyoneElseServes, consultantsWithRoom } from './rotation.ts';
import { drainQueue, slaDueFrom, type PlacementContext } from './waiting-queue.ts';

export interface SlaSettings {
  /** How long a consultant has to answer a lead distribution gave them. */
  windowMs: number;
  /** How often the sweep looks for leads left unanswered. */
  sweepMs: number;
}

const slaEnvSchema = z.object({
  ASSIGNMENT_SLA_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(15),
  ASSIGNMENT_SLA_SWEEP_SECONDS: z.coerce.number().min(1).max(3_600).default(60),
});

/** `ASSIGNMENT_SLA_MINUTES` (default 15) and `ASSIGNMENT_SLA_SWEEP_SECONDS` (default 60). */
export function slaFromEnv(source: NodeJS.ProcessEnv = process.env): SlaSettings {
  const parsed = slaEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { windowMs: parsed.data.ASSIGNMENT_SLA_MINUTES * 60_000, sweepMs: parsed.data.ASSIGNMENT_SLA_SWEEP_SECONDS * 1_000 };
}

export const SLA_ACTOR = 'service:assignment-sla';

export interface SweepDeps {
  prisma: PrismaClient;
  check: FirstResponseCheck;
  windowMs: number;
  log?: Logger;
}

export interface SweepOptions {
  /** The sweep's clock (tests move it forward instead of waiting). */
  now?: Date;
  /** Only this workspace's leads. */
  workspaceId?: string;
  /** Most leads decided per sweep; the rest wait for the next one. */
  limit?: number;
}

export type SlaDecision = 'reassigned' | 'answered' | 'postponed' | 'stopped' | 'released' | 'skipped';
export type SweepReport = Record<SlaDecision, number> & {
  /** Where leads moved or were released: their notices are in the outbox. */
  workspaces: string[];
};

const stillDue = (tx: Tx, id: string, now: Date) => tx.assignment.findFirst({ where: { id, endedAt: null, firstResponseAt: null, slaDueAt: { lte: now } } });

/** The holder, and everyone this lead already expired on: nobody gets it back by SLA. */
async function excluded(tx: Tx, a: Assignment): Promise<string[]> {
  const expired = await tx.assignment.findMany({ where: { workspaceId: a.workspaceId, leadId: a.leadId, endReason: 'SLA_EXPIRED' }, select: { userId: true } });
  return [...new Set([a.userId, ...expired.map((e) => e.userId)])];
}

/**
 * One overdue assignment. Cheap questions first, under the lock: with nobody
 * left who could ever take the lead the SLA stops (the holder keeps it); with
 * nobody free right now it is postponed a window. Only then is messaging asked,
 * outside the lock, whether the consultant answered; the decision is made
 * under the lock again, on the assignment as it is by then.
 */
async function decide(deps: SweepDeps, due: Assignment, now: Date): Promise<SlaDecision> {
  const ws = due.workspaceId;
  const placement: PlacementContext = { actor: SLA_ACTOR, slaWindowMs: deps.windowMs };
  const postpone = (tx: Tx) => tx.assignment.update({ where: { id: due.id }, data: { slaDueAt: slaDueFrom(now, deps.windowMs) } });
  const first = await inWorkspaceLock(deps.prisma, ws, async (tx): Promise<SlaDecision | 'ask'> => {
    const a = await stillDue(tx, due.id, now);
    if (!a) return 'skipped';
    const exclude = await excluded(tx, a);
    if (!(await anyoneElseServes(tx, ws, a.productLine, exclude))) {
      await tx.assignment.update({ where: { id: a.id }, data: { slaDueAt: null } });
      return 'stopped';
    }
    if (!(await consultantsWithRoom(tx, ws, { productLine: a.productLine, exclude, limit: 1 })).length) {
      await postpone(tx);
      return 'postponed';
    }
    return 'ask';
  });
  if (first !== 'ask') return first;
  const response = await deps.check(ws, due.leadId, due.assignedAt);
  if (response.kind === 'unknown') return 'skipped';
  return inWorkspaceLock(deps.prisma, ws, async (tx): Promise<SlaDecision> => {
    const a = await stillDue(tx, due.id, now);
    if (!a) return 'skipped';
    if (response.kind === 'answered') {
      await tx.assignment.update({ where: { id: a.id }, data: { firstResponseAt: response.at } });
      return 'answered';
    }
    if (response.kind === 'gone') {
      await unassignUnderLock(tx, ws, a.leadId, placement);
      return 'released';
    }
    const [next] = await consultantsWithRoom(tx, ws, { productLine: a.productLine, exclude: await excluded(tx, a), limit: 1 });
    if (!next) {
      await postpone(tx);
      return 'postponed';
    }
    await assignUnderLock(tx, {
      workspaceId: ws,
      leadId: a.leadId,
      userId: next.id,
      reason: 'SLA_REASSIGNED',
      actor: SLA_ACTOR,
      productLine: a.productLine,
      slaWindowMs: deps.windowMs,
    });
    // The silent consultant's slot is free now.
    await drainQueue(tx, ws, placement);
    return 'reassigned';
  });
}

/** Decides every distribution assignment past its answer deadline, oldest deadline first. */
export async function sweepOnce(deps: SweepDeps, opts: SweepOptions = {}): Promise<SweepReport> {
  const now = opts.now ?? new Date();
  const report: SweepReport = { reassigned: 0, answered: 0, postponed: 0, stopped: 0, released: 0, skipped: 0, workspaces: [] };
  const changed = new Set<string>();
  const due = await deps.prisma.assignment.findMany({
    where: { endedAt: null, firstResponseAt: null, slaDueAt: { lte: now }, ...(opts.workspaceId ? { workspaceId: opts.workspaceId } : {}) },
    orderBy: [{ slaDueAt: 'asc' }, { seq: 'asc' }],
    take: opts.limit ?? 200,
  });
  for (const assignment of due) {
    try {
      const decision = await decide(deps, assignment, now);
      report[decision] += 1;
      if (decision === 'reassigned' || decision === 'released') changed.add(assignment.workspaceId);
    } catch (err) {
      // One lead failing (a lock timeout, say) must not hold up the others; it is due again next sweep.
      deps.log?.warn({ err: (err as Error).message, assignmentId: assignment.id }, 'SLA decision failed');
      report.skipped += 1;
    }
  }
  report.workspaces = [...changed];
  return report;
}
