import type { AgentState, Outcome } from '../agent/types.ts';
import type { AgentOperations, AgentThread, Stage } from './agent-operations.ts';

/** What a committed turn must have done, stored with it so a retried job can finish the job. */
export interface LastTurn {
  turn: number;
  replies: string[];
  outcome: Outcome;
  /** The outcome before this turn; effects of an outcome run when it is new. */
  previousOutcome: Outcome | null;
}

/**
 * Where each outcome puts the lead on the board: the default pipeline's
 * stages by kind and order (second OPEN stage while qualifying, third once
 * qualified, the first LOST stage when not), only ever forwards, so a lead a
 * consultant already moved on stays where they put it.
 */
function targetStage(stages: Stage[], outcome: Outcome): Stage | null {
  const open = stages.filter((s) => s.kind === 'OPEN').sort((a, b) => a.order - b.order);
  switch (outcome) {
    case 'IN_PROGRESS':
      return open[1] ?? null;
    case 'QUALIFIED':
      return open[2] ?? open.at(-1) ?? null;
    case 'UNQUALIFIED':
      return stages.filter((s) => s.kind === 'LOST').sort((a, b) => a.order - b.order)[0] ?? null;
    default:
      return null;
  }
}

function shouldMove(current: Stage, target: Stage | null): target is Stage {
  if (!target || current.id === target.id || current.kind !== 'OPEN') return false;
  return target.kind !== 'OPEN' || target.order > current.order;
}

const LEAD_UPDATE_KEYS = { name: 'name', cpf: 'cpf', product: 'productInterest', value: 'dealValue' } as const;

/**
 * Makes sure a committed turn's effects happened: its replies, the board
 * stage, the lead's record and, for a lead ready for a person, a consultant.
 * Every step is idempotent (replies are keyed by the turn, distribution keeps
 * a lead's consultant, moves go forwards only), so running this again after a
 * crash repeats nothing. The lead is introduced to its consultant by the
 * assignment subgraph's outbox, however the lead was handed out (at once,
 * from the queue, after an SLA), not here.
 */
export async function ensureTurnEffects(ops: AgentOperations, thread: AgentThread, last: LastTurn, state: AgentState) {
  const isNew = last.outcome !== last.previousOutcome;
  // A person has the thread now: the agent's turn stays unsaid, except the
  // words that handed it over or said goodbye.
  const farewell = isNew && (last.outcome === 'NEEDS_HUMAN' || last.outcome === 'OPT_OUT');
  if (last.replies.length && (thread.agentMaySpeak || farewell)) await ops.sendReplies(thread.id, `t${last.turn}`, last.replies);

  const target = targetStage(thread.lead.pipeline.stages, last.outcome);
  if (shouldMove(thread.lead.stage, target)) await ops.moveLead(thread.lead.id, target.id);

  if (!isNew) return;
  const leadId = thread.lead.id;
  if (last.outcome === 'OPT_OUT') {
    await ops.updateLead(leadId, { consent: false });
    return;
  }
  if (last.outcome === 'QUALIFIED' || last.outcome === 'UNQUALIFIED') {
    const update: Record<string, unknown> = {};
    for (const [field, key] of Object.entries(LEAD_UPDATE_KEYS)) {
      const value = state.fields[field as keyof typeof LEAD_UPDATE_KEYS];
      if (value !== undefined && value !== null) update[key] = value;
    }
    if (state.score !== null) update.score = state.score;
    if (Object.keys(update).length) await ops.updateLead(leadId, update);
  }
  const product = state.fields.product;
  if ((last.outcome === 'QUALIFIED' || last.outcome === 'NEEDS_HUMAN') && product) await ops.distribute(leadId, product);
}
