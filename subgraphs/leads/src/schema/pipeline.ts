import { parseInput, workspaceOf } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { ensureDefaultPipeline } from '../domain/default-pipeline.ts';
import { inWorkspace } from '../domain/event-log.ts';
import { enqueueStageOutcomes, outcomeOf } from '../domain/outcome-notice.ts';
import { isUuid, pipelineLoader } from '../domain/visibility.ts';
import { fail, LeadsErrorCode } from '../errors.ts';

export const StageKind = builder.enumType('StageKind', { values: ['OPEN', 'WON', 'LOST'] as const });

export const PipelineStage = builder.prismaObject('PipelineStage', {
  authScopes: { scope: 'leads:read' },
  fields: (t) => ({
    id: t.exposeID('id', { skipTypeScopes: true }),
    name: t.exposeString('name'),
    order: t.exposeInt('order'),
    kind: t.field({ type: StageKind, resolve: (s) => s.kind }),
    color: t.exposeString('color'),
    pipeline: t.field({ type: Pipeline, resolve: (s, _, ctx) => pipelineLoader(ctx).load(s.pipelineId) as any }),
  }),
});

export const Pipeline = builder.prismaObject('Pipeline', {
  authScopes: { scope: 'leads:read' },
  fields: (t) => ({
    id: t.exposeID('id', { skipTypeScopes: true }),
    name: t.exposeString('name'),
    isDefault: t.exposeBoolean('isDefault'),
    stages: t.relation('stages', { query: { orderBy: { order: 'asc' } } }),
  }),
});

builder.queryFields((t) => ({
  pipelines: t.prismaField({
    type: [Pipeline],
    authScopes: { scope: 'leads:read' },
    resolve: async (query, _root, _args, ctx) => {
      const workspaceId = workspaceOf(ctx.identity);
      const found = await ctx.prisma.pipeline.findMany({ ...query, where: { workspaceId }, orderBy: { createdAt: 'asc' } });
      if (found.length) return found;
      await inWorkspace(ctx, ({ tx }) => ensureDefaultPipeline(tx, workspaceId));
      return ctx.prisma.pipeline.findMany({ ...query, where: { workspaceId } });
    },
  }),
}));

const stageInput = z.object({
  name: z.string().trim().min(1, 'is required').max(60),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb color').nullish(),
  kind: z.enum(['OPEN', 'WON', 'LOST']).nullish(),
});

const StageInput = builder.inputType('StageInput', {
  fields: (t) => ({ name: t.string({ required: true }), color: t.string(), kind: t.field({ type: StageKind }) }),
});

async function stageInWorkspace(tx: any, workspaceId: string, stageId: string) {
  const stage = isUuid(stageId) ? await tx.pipelineStage.findFirst({ where: { id: stageId, workspaceId } }) : null;
  return stage ?? fail(LeadsErrorCode.STAGE_NOT_FOUND, 'stageId: no such stage', { field: 'stageId' });
}

/**
 * New leads enter a pipeline's first OPEN stage, so a pipeline must keep one:
 * refuses a change that would leave `stage`'s pipeline without any.
 * Runs under the workspace lock, so two concurrent changes cannot both pass.
 */
async function keepAnOpenStage(tx: any, stage: { id: string; pipelineId: string; kind: string }, field: string) {
  if (stage.kind !== 'OPEN') return;
  const others = await tx.pipelineStage.count({ where: { pipelineId: stage.pipelineId, kind: 'OPEN', id: { not: stage.id } } });
  if (!others) fail(LeadsErrorCode.LAST_OPEN_STAGE, `${field}: a pipeline keeps at least one OPEN stage`, { field });
}

// Stage administration is for managers and admins.
builder.mutationFields((t) => ({
  createStage: t.prismaField({
    type: PipelineStage,
    authScopes: { manager: true },
    args: { pipelineId: t.arg.id({ required: true }), input: t.arg({ type: StageInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const input = parseInput(stageInput, args.input);
      return inWorkspace(ctx, async ({ tx, workspaceId }) => {
        const pipelineId = String(args.pipelineId);
        const pipeline = isUuid(pipelineId) ? await tx.pipeline.findFirst({ where: { id: pipelineId, workspaceId } }) : null;
        if (!pipeline) fail(LeadsErrorCode.PIPELINE_NOT_FOUND, 'pipelineId: no such pipeline', { field: 'pipelineId' });
        const order = await tx.pipelineStage.count({ where: { pipelineId } });
        return tx.pipelineStage.create({
          ...query,
          data: { workspaceId, pipelineId, order, name: input.name, color: input.color ?? undefined, kind: input.kind ?? 'OPEN' },
        });
      });
    },
  }),
  updateStage: t.prismaField({
    type: PipelineStage,
    authScopes: { manager: true },
    args: {
      stageId: t.arg.id({ required: true }),
      input: t.arg({ type: StageInput, required: true }),
      order: t.arg.int(),
    },
    resolve: async (query, _root, args, ctx) => {
      const input = parseInput(stageInput, args.input);
      let notices = 0;
      const updated = await inWorkspace(ctx, async (w) => {
        const { tx, workspaceId } = w;
        const stage = await stageInWorkspace(tx, workspaceId, String(args.stageId));
        if (input.kind && input.kind !== 'OPEN') await keepAnOpenStage(tx, stage, 'input.kind');
        // Its leads now stand as WON, LOST or open again: assignment recounts their consultants' capacity.
        const outcome = input.kind ? outcomeOf(stage.kind, input.kind) : null;
        if (outcome) notices = await enqueueStageOutcomes(w, stage.id, outcome, await w.stamp());
        if (args.order != null && args.order !== stage.order) {
          const stages = await tx.pipelineStage.findMany({ where: { pipelineId: stage.pipelineId }, orderBy: { order: 'asc' } });
          const rest = stages.filter((s: { id: string }) => s.id !== stage.id);
          rest.splice(Math.max(0, Math.min(args.order, rest.length)), 0, stage);
          for (const [order, s] of rest.entries()) await tx.pipelineStage.update({ where: { id: s.id }, data: { order } });
        }
        return tx.pipelineStage.update({
          ...query,
          where: { id: stage.id },
          data: { name: input.name, color: input.color ?? undefined, kind: input.kind ?? undefined },
        });
      });
      if (notices) ctx.outbox.poke();
      return updated;
    },
  }),
  deleteStage: t.boolean({
    authScopes: { manager: true },
    args: { stageId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      inWorkspace(ctx, async ({ tx, workspaceId }) => {
        const stage = await stageInWorkspace(tx, workspaceId, String(args.stageId));
        await keepAnOpenStage(tx, stage, 'stageId');
        // Refuse rather than orphan or silently move the stage's leads.
        if (await tx.lead.count({ where: { stageId: stage.id } })) {
          fail(LeadsErrorCode.STAGE_NOT_EMPTY, 'Move the leads out of this stage before deleting it');
        }
        await tx.pipelineStage.delete({ where: { id: stage.id } });
        await tx.pipelineStage.updateMany({
          where: { pipelineId: stage.pipelineId, order: { gt: stage.order } },
          data: { order: { decrement: 1 } },
        });
        return true;
      }),
  }),
}));
