import { parseInput, workspaceOf, zPhone } from '@leadwire/platform';
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

const CREATED_PER_TRANSACTION = 20;

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
      const workspaceId = workspaceOf(ctx.identity);
      // The oldest lead of a number is the one its messages belong to.
      const leadsOf = async (tx: Pick<typeof ctx.prisma, 'lead'>) => {
        const byPhone = new Map<string, string>();
        const rows = await tx.lead.findMany({ where: { workspaceId, phone: { in: phones } }, orderBy: { createdAt: 'asc' }, select: { id: true, phone: true } });
        for (const lead of rows) if (!byPhone.has(lead.phone!)) byPhone.set(lead.phone!, lead.id);
        return byPhone;
      };
      // Known numbers are the common case: answer them without the workspace lock.
      const known = await leadsOf(ctx.prisma);
      const unknown = phones.filter((p) => !known.has(p));
      const created = new Set<string>();
      // A burst of new numbers (a campaign's replies) is created a few per
      // transaction, so none holds the workspace lock for long or runs into
      // its timeout; each is whole, and a retry finds what the others made.
      for (let i = 0; i < unknown.length; i += CREATED_PER_TRANSACTION) {
        const chunk = unknown.slice(i, i + CREATED_PER_TRANSACTION);
        await inWorkspace(ctx, async (w) => {
          const byPhone = await leadsOf(w.tx);
          for (const phone of chunk) {
            const lead = byPhone.get(phone);
            if (lead) known.set(phone, lead);
            else {
              known.set(phone, (await insertLead(w, { name: nameOf.get(phone) || phone, phone }, 'WHATSAPP', null, { channel: 'whatsapp' })).id);
              created.add(phone);
            }
          }
        });
      }
      return phones.map((phone) => ({ phone, leadId: known.get(phone)!, created: created.has(phone) }));
    },
  }),
}));
