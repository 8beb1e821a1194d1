import { randomUUID } from 'node:crypto';
import { parseInput } from '@leadwire/platform';
import { builder } from '../builder.ts';
import { appendUpdated, inWorkspace, insertLead } from '../domain/lead-writes.ts';
import { submitLeadSchema, SubmitLeadInput } from './lead-input.ts';

const SubmitLeadPayload = builder.objectRef<{ ok: boolean; receiptId: string }>('SubmitLeadPayload').implement({
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    receiptId: t.exposeID('receiptId', { description: 'Quote it to support; it is not the lead id.' }),
  }),
});

builder.mutationFields((t) => ({
  // Landing pages call this with a publishable key; the router has already
  // checked the page's origin and the caller's rate limit.
  submitLead: t.field({
    type: SubmitLeadPayload,
    authScopes: { landing: true, scope: 'leads:write' },
    args: { input: t.arg({ type: SubmitLeadInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(submitLeadSchema(ctx.defaultPhoneRegion), args.input);
      const receiptId = randomUUID();
      if (input.website) {
        // Honeypot filled: a bot. Answer exactly as for a person, store nothing.
        ctx.log.info({ receiptId }, 'honeypot submission dropped');
        return { ok: true, receiptId };
      }
      const tracking = { receiptId, utmSource: input.utmSource ?? null, utmCampaign: input.utmCampaign ?? null };
      await inWorkspace(ctx, async (w) => {
        // A person who submits twice is one lead: record the new submission on it.
        const existing = await w.tx.lead.findFirst({ where: { workspaceId: w.workspaceId, phone: input.phone } });
        if (existing) {
          await appendUpdated(w, existing, { resubmitted: true, ...tracking });
          return existing;
        }
        return insertLead(
          w,
          { ...input, consent: true, notes: input.message ?? null },
          'LANDING_PAGE',
          null,
          tracking,
        );
      });
      return { ok: true, receiptId };
    },
  }),
}));
