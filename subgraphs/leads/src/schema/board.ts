import { workspaceOf } from '@leadwire/platform';
import { builder } from '../builder.ts';
import { ensureDefaultPipeline } from '../domain/default-pipeline.ts';
import { inWorkspace } from '../domain/event-log.ts';
import { firstCards } from '../domain/stage-ranks.ts';
import { absolutePositionLoader, isUuid, visibleLeads, visiblePositionLoader } from '../domain/visibility.ts';
import { fail, LeadsErrorCode } from '../errors.ts';
import type { Lead as LeadRow, Pipeline as PipelineRow, PipelineStage as StageRow } from '../generated/prisma/client.ts';
import { Lead } from './lead.ts';
import { Pipeline, PipelineStage } from './pipeline.ts';

interface ColumnShape {
  stage: StageRow;
  count: number;
  valueSum: number;
  leads: LeadRow[];
}

const BoardColumn = builder.objectRef<ColumnShape>('BoardColumn').implement({
  fields: (t) => ({
    stage: t.field({ type: PipelineStage, resolve: (c) => c.stage }),
    count: t.exposeInt('count', { description: 'Leads in the stage the caller can see' }),
    valueSum: t.exposeFloat('valueSum', { description: 'Sum of their deal values' }),
    leads: t.field({ type: [Lead], description: 'The first cards, by position', resolve: (c) => c.leads }),
  }),
});

const Board = builder.objectRef<{ pipeline: PipelineRow; columns: ColumnShape[] }>('Board').implement({
  fields: (t) => ({
    pipeline: t.field({ type: Pipeline, resolve: (b) => b.pipeline }),
    columns: t.field({ type: [BoardColumn], resolve: (b) => b.columns }),
  }),
});

builder.queryFields((t) => ({
  board: t.field({
    type: Board,
    description: "A pipeline's Kanban: every stage with its count, value sum and first cards.",
    authScopes: { scope: 'leads:read' },
    args: {
      pipelineId: t.arg.id({ description: 'Defaults to the default pipeline' }),
      first: t.arg.int({ defaultValue: 50, description: 'Cards per column, at most 200' }),
    },
    resolve: async (_root, args, ctx) => {
      const workspaceId = workspaceOf(ctx.identity);
      const first = Math.min(Math.max(args.first ?? 50, 0), 200);
      let pipeline: PipelineRow | null;
      if (args.pipelineId) {
        const id = String(args.pipelineId);
        pipeline = isUuid(id) ? await ctx.prisma.pipeline.findFirst({ where: { id, workspaceId } }) : null;
        if (!pipeline) fail(LeadsErrorCode.PIPELINE_NOT_FOUND, 'pipelineId: no such pipeline', { field: 'pipelineId' });
      } else {
        pipeline =
          (await ctx.prisma.pipeline.findFirst({ where: { workspaceId, isDefault: true } })) ??
          (await inWorkspace(ctx, ({ tx }) => ensureDefaultPipeline(tx, workspaceId)));
      }
      const visible = await visibleLeads(ctx);
      const scoped = { AND: [visible, { pipelineId: pipeline.id }] };
      const everyone = !('id' in visible);
      // Three statements whatever the board's size: stages, totals, cards.
      const [stages, totals, cards] = await Promise.all([
        ctx.prisma.pipelineStage.findMany({ where: { pipelineId: pipeline.id }, orderBy: { order: 'asc' } }),
        // Everyone's totals are kept per chunk of each stage as leads change
        // (StageChunk); a consultant's are summed over their own cards.
        everyone
          ? ctx.prisma.stageChunk
              .groupBy({ by: ['stageId'], where: { workspaceId, stage: { pipelineId: pipeline.id } }, _sum: { leadCount: true, valueSum: true } })
              .then((rows) => rows.map((r) => ({ stageId: r.stageId, count: r._sum.leadCount ?? 0, valueSum: r._sum.valueSum })))
          : ctx.prisma.lead
              .groupBy({ by: ['stageId'], where: scoped, _count: { _all: true }, _sum: { dealValue: true } })
              .then((rows) => rows.map((r) => ({ stageId: r.stageId, count: r._count._all, valueSum: r._sum.dealValue }))),
        // Everyone's board: the first cards of each column, by key. A
        // consultant's: all their own cards, numbered among themselves.
        everyone
          ? firstCards(ctx.prisma, workspaceId, pipeline.id, first)
          : ctx.prisma.lead.findMany({ where: scoped, orderBy: [{ stageId: 'asc' }, { sortKey: 'asc' }, { id: 'asc' }] }),
      ]);
      const byStage = new Map<string, LeadRow[]>();
      // Cards arrive in column order, so a card's rank in its column is its
      // position, counting what the caller sees.
      const positions = everyone ? absolutePositionLoader(ctx) : visiblePositionLoader(ctx);
      const seen = new Map<string, number>();
      for (const card of cards) {
        const rank = seen.get(card.stageId) ?? 0;
        seen.set(card.stageId, rank + 1);
        positions.prime(card.id, rank);
        const list = byStage.get(card.stageId) ?? [];
        if (list.length < first) list.push(card);
        byStage.set(card.stageId, list);
      }
      const totalsByStage = new Map(totals.map((row) => [row.stageId, row]));
      return {
        pipeline,
        columns: stages.map((stage) => ({
          stage,
          count: totalsByStage.get(stage.id)?.count ?? 0,
          valueSum: Number(totalsByStage.get(stage.id)?.valueSum ?? 0),
          leads: byStage.get(stage.id) ?? [],
        })),
      };
    },
  }),
}));
