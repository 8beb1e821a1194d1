import { parseInput } from '@leadwire/platform';
import { builder } from '../builder.ts';
import { AGENT_OUTCOMES, agentMaySpeak, agentTurnSchema, commitAgentTurn } from '../domain/agent-turn.ts';
import { inConversation } from '../domain/conversation-writes.ts';
import { conversationsByLeadLoader } from '../domain/visibility.ts';
import { Conversation } from './conversation.ts';
import { Lead } from './lead.ts';
import { QualificationInput } from './qualification.ts';

const AgentOutcome = builder.enumType('AgentOutcome', { values: AGENT_OUTCOMES });

const AgentDecisionInput = builder.inputType('AgentDecisionInput', {
  fields: (t) => ({
    provider: t.string({ required: true, description: 'Which provider understood the message: rules, openai…' }),
    latencyMs: t.int({ required: true }),
    confidence: t.float({ required: true, description: '0 to 1' }),
    intents: t.stringList({ required: true }),
    sentiment: t.string({ required: true, description: 'POSITIVE, NEUTRAL or NEGATIVE' }),
    fellBack: t.string({ description: 'Why the rules provider answered instead: timeout, error, open-circuit' }),
    guardrails: t.stringList({ description: 'Guardrails that refused the drafted reply (ids of the settings’ guardrailPatterns); a consultant took over' }),
  }),
});

const AgentTurnInput = builder.inputType('AgentTurnInput', {
  fields: (t) => ({
    expectedTurn: t.int({ required: true, description: 'The agentTurn the turn was computed from' }),
    cursor: t.string({ required: true, description: 'Log position (Message.cursor) of the last lead message read' }),
    state: t.field({ type: 'JSON', required: true, description: 'The agent’s dialogue state after the turn' }),
    answers: t.field({ type: QualificationInput }),
    outcome: t.field({ type: AgentOutcome, required: true }),
    score: t.int(),
    reason: t.string(),
    protocol: t.string(),
    financing: t.field({ type: 'JSON' }),
    decision: t.field({ type: AgentDecisionInput, required: true }),
  }),
});

const AgentTurnResult = builder.objectRef<{ conversation: unknown; applied: boolean }>('AgentTurnResult').implement({
  fields: (t) => ({
    applied: t.exposeBoolean('applied', {
      description: 'False when the agent may not speak on the thread (taken over, opted out): only the read position moved; send nothing.',
    }),
    conversation: t.field({ type: Conversation, resolve: (r) => r.conversation as any }),
  }),
});

builder.prismaObjectFields(Conversation, (t) => ({
  agentTurn: t.exposeInt('agentTurn'),
  agentCursor: t.string({ nullable: true, resolve: (c) => (c.agentCursor === null ? null : String(c.agentCursor)) }),
  agentState: t.expose('agentState', { type: 'JSON' }),
  agentMaySpeak: t.boolean({ description: 'Open, not taken over by a person, lead not opted out', resolve: (c) => agentMaySpeak(c) }),
  protocol: t.exposeString('protocol', { nullable: true }),
  financing: t.expose('financing', { type: 'JSON', nullable: true, description: 'The financing simulation told to the lead' }),
  optedOutAt: t.expose('optedOutAt', { type: 'DateTime', nullable: true }),
}));

builder.objectFields(Lead, (t) => ({
  optedOut: t.boolean({
    description: 'The lead asked for no more automated messages',
    authScopes: { scope: 'conversations:read' },
    resolve: async (lead, _args, ctx) => ((await conversationsByLeadLoader(ctx).load(lead.id)) ?? []).some((c) => c.optedOutAt !== null),
  }),
  protocol: t.string({
    nullable: true,
    description: 'The qualification protocol number told to the lead',
    authScopes: { scope: 'conversations:read' },
    resolve: async (lead, _args, ctx) => ((await conversationsByLeadLoader(ctx).load(lead.id)) ?? []).find((c) => c.protocol)?.protocol ?? null,
  }),
  financingSimulation: t.field({
    type: 'JSON',
    nullable: true,
    description: 'The latest financing simulation told to the lead (Price and SAC)',
    authScopes: { scope: 'conversations:read' },
    resolve: async (lead, _args, ctx) => ((await conversationsByLeadLoader(ctx).load(lead.id)) ?? []).find((c) => c.financing)?.financing ?? null,
  }),
}));

builder.mutationFields((t) => ({
  recordAgentTurn: t.field({
    type: AgentTurnResult,
    description:
      'The AI agent commits one turn: its state, the answers it understood, the outcome and how it decided. Fails with CONFLICT when another turn committed first.',
    // The qualification worker only: a person changes a thread through the lifecycle mutations.
    authScopes: { service: true },
    args: { conversationId: t.arg.id({ required: true }), input: t.arg({ type: AgentTurnInput, required: true }) },
    resolve: (_root, args, ctx) => {
      const input = parseInput(agentTurnSchema, args.input);
      return inConversation(ctx, String(args.conversationId), (w) => commitAgentTurn(w, input));
    },
  }),
}));
