import { parseInput } from '@leadwire/platform';
import { builder } from '../builder.ts';
import { appendUpdated, inWorkspace, insertLead, leadData, lockedLead } from '../domain/lead-writes.ts';
import { enqueueLeadOutcome } from '../domain/outcome-notice.ts';
import { absolutePositionLoader } from '../domain/visibility.ts';
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
      const lead = await inWorkspace(ctx, (w) => insertLead(w, input, source, input.stageId));
      // A new lead is its column's first card.
      absolutePositionLoader(ctx).prime(lead.id, 0);
      return lead;
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
    resolve: async (_root, args, ctx) => {
      const id = await inWorkspace(ctx, async (w) => {
        const lead = await lockedLead(ctx, w, String(args.id));
        // The cards below keep their keys: their ranks close the gap by themselves.
        await w.tx.lead.delete({ where: { id: lead.id } });
        const seq = await w.append({ leadId: lead.id, type: 'DELETED', pipelineId: lead.pipelineId, fromStageId: lead.stageId });
        // Whatever its stage, a deleted lead must stop counting against its consultant and leave the queue.
        await enqueueLeadOutcome(w.tx, { workspaceId: w.workspaceId, leadId: lead.id, outcome: 'DELETED', cursor: String(seq) });
        return lead.id;
      });
      ctx.outbox.poke();
      return id;
    },
  }),
}));
