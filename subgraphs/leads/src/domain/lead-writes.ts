import { regionOfPhone } from '@leadwire/platform';
import type { LeadsContext } from '../context.ts';
import { fail, LeadsErrorCode } from '../errors.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { intakeStage } from './default-pipeline.ts';
import { appendUpdated, inWorkspace, type WorkspaceTx } from './event-log.ts';
import { slotAt } from './positions.ts';
import { isUuid, visibleLeads } from './visibility.ts';

export interface LeadFields {
  name?: string;
  phone?: string | null;
  email?: string | null;
  cpf?: string | null;
  productInterest?: 'REAL_ESTATE' | 'VEHICLE' | 'OTHER' | null;
  priority?: 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT' | null;
  score?: number | null;
  dealValue?: number | null;
  tags?: string[] | null;
  notes?: string | null;
  consent?: boolean | null;
}

/** Maps validated input onto columns; `undefined` leaves a column as it is. */
export function leadData(input: LeadFields): Prisma.LeadUncheckedUpdateInput {
  const data: Prisma.LeadUncheckedUpdateInput = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.phone !== undefined) {
    data.phone = input.phone;
    data.region = input.phone ? regionOfPhone(input.phone) : null;
  }
  for (const key of ['email', 'cpf', 'notes'] as const) if (input[key] !== undefined) data[key] = input[key];
  for (const key of ['productInterest', 'priority', 'score', 'tags'] as const) {
    if (input[key] !== undefined && input[key] !== null) (data as Record<string, unknown>)[key] = input[key];
  }
  if (input.dealValue !== undefined) data.dealValue = input.dealValue;
  if (input.consent != null) {
    data.consent = input.consent;
    data.consentAt = input.consent ? new Date() : null;
  }
  return data;
}

/** Creates a lead at the top of its stage and logs CREATED, under the workspace lock. */
export async function insertLead(
  w: WorkspaceTx,
  fields: LeadFields & { name: string },
  source: Prisma.LeadUncheckedCreateInput['source'],
  stageId?: string | null,
  extra: Prisma.InputJsonValue = {},
) {
  const { tx, workspaceId } = w;
  let stage;
  if (stageId) {
    const found = isUuid(stageId) ? await tx.pipelineStage.findFirst({ where: { id: stageId, workspaceId } }) : null;
    stage = found ?? fail(LeadsErrorCode.STAGE_NOT_FOUND, 'input.stageId: no such stage', { field: 'input.stageId' });
  } else {
    stage = await intakeStage(tx, workspaceId);
  }
  // Above the first card: one row written, however long the column.
  const { key } = await slotAt(w, stage.id, 0);
  const lead = await tx.lead.create({
    data: {
      ...(leadData(fields) as Prisma.LeadUncheckedCreateInput),
      name: fields.name,
      workspaceId,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      sortKey: key.toFixed(),
      source,
    },
  });
  await w.append({ leadId: lead.id, type: 'CREATED', pipelineId: lead.pipelineId, toStageId: stage.id, position: 0, data: extra });
  return lead;
}

/** Loads a lead the caller may see, inside a workspace transaction, or fails NOT_FOUND. */
export async function lockedLead(ctx: LeadsContext, w: WorkspaceTx, leadId: string) {
  const where = await visibleLeads(ctx);
  const lead = isUuid(leadId) ? await w.tx.lead.findFirst({ where: { AND: [where, { id: leadId }] } }) : null;
  return lead ?? fail(LeadsErrorCode.LEAD_NOT_FOUND, 'No such lead', { field: 'id' });
}

export { appendUpdated, inWorkspace };
