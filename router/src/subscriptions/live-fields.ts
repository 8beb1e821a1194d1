import { channels, type WakeUp } from '@leadwire/platform';

/**
 * Each subscription field the router serves, and the query that replays it.
 * The owning subgraph keeps the events in PostgreSQL with a cursor; Redis only
 * says "something new". So a subscription is "re-run `replay` from my last
 * cursor whenever woken", which is also exactly how a client resumes.
 */
export interface LiveField {
  replayField: string;
  /** The field carrying each event's position (`cursor` unless said otherwise). */
  cursorField?: string;
  channel: (workspaceId: string) => string;
  head: (args: Record<string, unknown>) => { query: string; variables: Record<string, unknown>; pick: (data: any) => string };
  /** A query the subscriber must be able to run for the subscription to open (none needed: null). */
  access?: (args: Record<string, unknown>) => { query: string; variables: Record<string, unknown>; allowed: (data: any) => boolean } | null;
  /** Why the socket closes with 4403 when `access` says no. */
  refusal?: string;
  matches?: (wake: WakeUp, args: Record<string, unknown>) => boolean;
}

export const LIVE_FIELDS: Record<string, LiveField> = {
  boardEvents: {
    replayField: 'boardEventsSince',
    channel: channels.board,
    head: () => ({ query: 'query BoardHead { boardCursor }', variables: {}, pick: (d) => d.boardCursor }),
    // Following a pipeline of another workspace (or none) is refused at once,
    // rather than left open and silent.
    access: (args) =>
      args.pipelineId == null
        ? null
        : {
            query: 'query BoardAccess($pipelineId: ID!) { board(pipelineId: $pipelineId, first: 0) { pipeline { id } } }',
            variables: { pipelineId: args.pipelineId },
            allowed: (d) => d?.board?.pipeline?.id === args.pipelineId,
          },
    refusal: 'No such pipeline',
  },
  messageAdded: {
    replayField: 'messagesSince',
    channel: channels.messages,
    head: (args) => ({
      query: 'query MessageHead($leadId: ID!) { messageCursor(leadId: $leadId) }',
      variables: { leadId: args.leadId },
      pick: (d) => d.messageCursor,
    }),
    access: (args) => ({
      query: 'query MessageAccess($leadId: ID!) { lead(id: $leadId) { id } }',
      variables: { leadId: args.leadId },
      allowed: (d) => Boolean(d?.lead?.id),
    }),
    refusal: 'You may not follow this lead',
    matches: (wake, args) => wake.leadId === args.leadId,
  },
  messageUpdated: {
    replayField: 'messageUpdatesSince',
    cursorField: 'updateCursor',
    channel: channels.messages,
    head: (args) => ({
      query: 'query MessageUpdateHead($leadId: ID!) { messageCursor(leadId: $leadId) }',
      variables: { leadId: args.leadId },
      pick: (d) => d.messageCursor,
    }),
    access: (args) => ({
      query: 'query MessageUpdateAccess($leadId: ID!) { lead(id: $leadId) { id } }',
      variables: { leadId: args.leadId },
      allowed: (d) => Boolean(d?.lead?.id),
    }),
    refusal: 'You may not follow this lead',
    matches: (wake, args) => wake.leadId === args.leadId,
  },
  myAssignments: {
    replayField: 'myAssignmentsSince',
    channel: channels.assignments,
    head: () => ({ query: 'query MyAssignmentHead { myAssignmentCursor }', variables: {}, pick: (d) => d.myAssignmentCursor }),
  },
  whatsappSessionUpdated: {
    replayField: 'whatsappSessionsSince',
    channel: channels.whatsappSessions,
    head: () => ({ query: 'query WhatsAppSessionHead { whatsappSessionCursor }', variables: {}, pick: (d) => d.whatsappSessionCursor }),
    // Sessions carry the pairing QR: only managers may follow them, and anyone
    // else is refused at once, even when resuming with `after`.
    access: () => ({
      query: 'query WhatsAppSessionAccess { whatsappSessionCursor }',
      variables: {},
      allowed: (d) => typeof d?.whatsappSessionCursor === 'string',
    }),
    refusal: 'Only managers may follow WhatsApp sessions',
  },
};
