import { parseInput } from '@leadwire/platform';
import { builder } from '../builder.ts';
import { closeGap } from '../domain/positions.ts';
import { appendUpdated, inWorkspace, insertLead, leadData, lockedLead } from '../domain/lead-writes.ts';
import { Lead } from './lead.ts';
import { CreateLeadInput, createLeadSchema, UpdateLeadInput, updateLeadSchema } from './lead-input.ts';

builder.mutationFields((t) => ({
  createLead: t.prismaField({
    type: Lead,
    authScopes: { scope: 'leads:write' },
    args: { input: t.arg({ type: CreateLeadInput, required: true }) },
    resolve: async (_query, _root, args, ctx) => {
      const input = parseInput(createLeadSchema(ctx.defaultPhoneRegion), args.input);
      const source = input.source ?? (ctx.identity.kind === 'api_key' ? 'API' : 'MANUAL');
      return inWorkspace(ctx, (w) => insertLead(w, input, source, input.stageId));
    },
  }),
  updateLead: t.prismaField({
    type: Lead,
    authScopes: { scope: 'leads:write' },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateLeadInput, required: true }) },
    resolve: async (_query, _root, args, ctx) => {
      const input = parseInput(updateLeadSchema(ctx.defaultPhoneRegion), args.input);
      return inWorkspace(ctx, async (w) => {
        const lead = await lockedLead(ctx, w, String(args.id));
        const data = leadData(input);
        const updated = await w.tx.lead.update({ where: { id: lead.id }, data });
        // Field names only: values may be personal data and the log outlives them.
        await appendUpdated(w, lead, { fields: Object.keys(data) });
        return updated;
      });
    },
  }),
  deleteLead: t.id({
    authScopes: { scope: 'leads:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      inWorkspace(ctx, async (w) => {
        const lead = await lockedLead(ctx, w, String(args.id));
        await w.tx.lead.delete({ where: { id: lead.id } });
        await closeGap(w.tx, lead.stageId, lead.position);
        await w.append({ leadId: lead.id, type: 'DELETED', pipelineId: lead.pipelineId, fromStageId: lead.stageId });
        return lead.id;
      }),
  }),
}));
