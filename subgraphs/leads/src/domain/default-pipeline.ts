import type { Tx } from './event-log.ts';

const DEFAULT_STAGES = [
  { name: 'Novo', kind: 'OPEN', color: '#64748b' },
  { name: 'Em qualificação', kind: 'OPEN', color: '#0ea5e9' },
  { name: 'Qualificado', kind: 'OPEN', color: '#8b5cf6' },
  { name: 'Proposta', kind: 'OPEN', color: '#f59e0b' },
  { name: 'Ganho', kind: 'WON', color: '#16a34a' },
  { name: 'Perdido', kind: 'LOST', color: '#dc2626' },
] as const;

/**
 * A workspace gets its sales pipeline on first use, so creating a workspace
 * (an assignment-subgraph operation) needs no call into this subgraph.
 * Called under the workspace lock, so two first requests cannot both create it.
 */
export async function ensureDefaultPipeline(tx: Tx, workspaceId: string) {
  const existing = await tx.pipeline.findFirst({
    where: { workspaceId, isDefault: true },
    include: { stages: { orderBy: { order: 'asc' } } },
  });
  if (existing) return existing;
  return tx.pipeline.create({
    data: {
      workspaceId,
      name: 'Vendas',
      isDefault: true,
      stages: { create: DEFAULT_STAGES.map((s, order) => ({ ...s, order, workspaceId })) },
    },
    include: { stages: { orderBy: { order: 'asc' } } },
  });
}

/**
 * The stage new leads enter: the default pipeline's first OPEN stage by order.
 * Stage administration keeps one OPEN stage per pipeline, but data from before
 * that rule may have none; intake then recreates one at the front, because a
 * landing page must never get an error for a board configuration it cannot see.
 */
export async function intakeStage(tx: Tx, workspaceId: string) {
  const pipeline = await ensureDefaultPipeline(tx, workspaceId);
  const open = pipeline.stages.find((s) => s.kind === 'OPEN');
  if (open) return open;
  await tx.pipelineStage.updateMany({ where: { pipelineId: pipeline.id }, data: { order: { increment: 1 } } });
  const first = DEFAULT_STAGES[0];
  return tx.pipelineStage.create({
    data: { workspaceId, pipelineId: pipeline.id, order: 0, name: first.name, kind: first.kind, color: first.color },
  });
}
