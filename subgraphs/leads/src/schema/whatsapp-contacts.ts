import { parseInput, zPhone } from '@leadwire/platform';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { inWorkspace, insertLead } from '../domain/lead-writes.ts';

const WhatsAppContactInput = builder.inputType('WhatsAppContactInput', {
  fields: (t) => ({
    phone: t.string({ required: true, description: 'E.164' }),
    name: t.string({ description: 'The name the person set on WhatsApp' }),
  }),
});

const WhatsAppContact = builder.objectRef<{ phone: string; leadId: string; created: boolean }>('WhatsAppContact').implement({
  fields: (t) => ({
    phone: t.exposeString('phone'),
    leadId: t.exposeID('leadId'),
    created: t.exposeBoolean('created', { description: 'True when this call created the lead' }),
  }),
});

const contactsSchema = (region: string) =>
  z
    .array(z.object({ phone: zPhone(region), name: z.string().trim().max(120).nullish() }))
    .min(1, 'needs at least one contact')
    .max(500, 'at most 500 contacts');

builder.mutationFields((t) => ({
  // The WhatsApp connector's: whoever writes from a number the workspace has
  // never seen becomes a lead. Under the workspace lock, so five first
  // messages from one number arriving at once make one lead, not five.
  ensureWhatsAppLeads: t.field({
    type: [WhatsAppContact],
    description: 'The lead of each phone, created (source WHATSAPP) when the workspace has none. Idempotent.',
    authScopes: { service: true },
    args: { contacts: t.arg({ type: [WhatsAppContactInput], required: true }) },
    resolve: async (_root, args, ctx) => {
      const contacts = parseInput(contactsSchema(ctx.defaultPhoneRegion), args.contacts, 'contacts');
      const phones = [...new Set(contacts.map((c) => c.phone))];
      const nameOf = new Map(contacts.map((c) => [c.phone, c.name ?? null] as const));
      return inWorkspace(ctx, async (w) => {
        const existing = await w.tx.lead.findMany({
          where: { workspaceId: w.workspaceId, phone: { in: phones } },
          orderBy: { createdAt: 'asc' },
          select: { id: true, phone: true },
        });
        // The oldest lead of a number is the one its messages belong to.
        const byPhone = new Map<string, string>();
        for (const lead of existing) if (!byPhone.has(lead.phone!)) byPhone.set(lead.phone!, lead.id);
        const result = [];
        for (const phone of phones) {
          const known = byPhone.get(phone);
          if (known) {
            result.push({ phone, leadId: known, created: false });
            continue;
          }
          const lead = await insertLead(w, { name: nameOf.get(phone) || phone, phone }, 'WHATSAPP', null, { channel: 'whatsapp' });
          result.push({ phone, leadId: lead.id, created: true });
        }
        return result;
      });
    },
  }),
}));
