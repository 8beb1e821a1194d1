import { channels, type WakeUp } from '@leadwire/platform';

/**
 * Each subscription field the router serves, and the query that replays it.
 * The owning subgraph keeps the events in PostgreSQL with a cursor; Redis only
 * says "something new". So a subscription is "re-run `replay` from my last
 * cursor whenever woken", which is also exactly how a client resumes.
 */
export interface LiveField {
  replayField: string;
  channel: (workspaceId: string) => string;
  head: (args: Record<string, unknown>) => { query: string; variables: Record<string, unknown>; pick: (data: any) => string };
  /** A query the subscriber must be able to run for the subscription to open. */
  access?: (args: Record<string, unknown>) => { query: string; variables: Record<string, unknown>; allowed: (data: any) => boolean };
  matches?: (wake: WakeUp, args: Record<string, unknown>) => boolean;
}

export const LIVE_FIELDS: Record<string, LiveField> = {
  boardEvents: {
    replayField: 'boardEventsSince',
    channel: channels.board,
    head: () => ({ query: 'query BoardHead { boardCursor }', variables: {}, pick: (d) => d.boardCursor }),
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
    matches: (wake, args) => wake.leadId === args.leadId,
  },
};
