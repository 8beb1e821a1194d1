import type { AssignmentContext } from '../context.ts';

const TOUCH_LEAD = /* GraphQL */ `mutation TouchLead($id: ID!) { touchLead(id: $id, reason: ASSIGNMENT_CHANGED) }`;

/**
 * Tells the board (owned by leads) that a lead changed hands, so live
 * Kanbans show the new assignee. Runs after our commit; the assignment itself
 * stands even if this call fails, and the board catches up on the lead's next
 * event.
 */
export async function announceAssignment(ctx: AssignmentContext, leadId: string): Promise<void> {
  try {
    await ctx.router(TOUCH_LEAD, { id: leadId }, ctx);
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message, leadId }, 'board not told about an assignment');
  }
}
