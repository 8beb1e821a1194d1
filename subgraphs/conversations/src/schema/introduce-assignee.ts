import { parseInput } from '@leadwire/platform';
import { builder } from '../builder.ts';
import { INTRODUCTION_OUTCOMES, introduceAssignee, introduceAssigneeSchema } from '../domain/assignee-introduction.ts';

const AssigneeIntroduction = builder.enumType('AssigneeIntroduction', {
  values: {
    INTRODUCED: { description: 'The introduction is queued on the agent’s thread (or was, by an earlier call for the same assignment)' },
    OPTED_OUT: { description: 'The lead asked for no automated messages: nothing was sent' },
    NO_THREAD: { description: 'The agent has no WhatsApp thread with the lead: nothing to send' },
  } satisfies Record<(typeof INTRODUCTION_OUTCOMES)[number], { description: string }>,
});

builder.mutationFields((t) => ({
  introduceAssignee: t.field({
    type: AssigneeIntroduction,
    description:
      'Tells the lead on WhatsApp, in the agent’s language, which consultant distribution gave it to. Idempotent per assignment: a repeat sends nothing again.',
    // The assignment subgraph's outbox only: a person introduces themselves.
    authScopes: { service: true },
    args: {
      leadId: t.arg.id({ required: true }),
      assignmentId: t.arg.id({ required: true }),
      consultantName: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) => introduceAssignee(ctx, parseInput(introduceAssigneeSchema, args, '')),
  }),
}));
