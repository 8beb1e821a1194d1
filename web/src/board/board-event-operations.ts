import { graphql } from '../gql';

/**
 * What the board needs from an event to apply it without asking again: where
 * the card went and, through `lead`, the card itself as the board shows it.
 * `lead.stage` and `lead.position` place the card when the event's own
 * `position` is hidden (consultants, whose positions count only their cards).
 */
export const BoardEventFields = graphql(`
  fragment BoardEventFields on LeadEvent {
    cursor
    type
    leadId
    pipelineId
    fromStageId
    toStageId
    position
    lead {
      ...LeadCardFields
      stage {
        id
      }
      position
    }
  }
`);

export const BoardEventsSubscription = graphql(`
  subscription BoardEvents($pipelineId: ID, $after: String) {
    boardEvents(pipelineId: $pipelineId, after: $after) {
      ...BoardEventFields
    }
  }
`);

/** The events a board missed, oldest first: fills a gap without reloading the board. */
export const BoardEventsSinceQuery = graphql(`
  query BoardEventsSince($pipelineId: ID, $after: String, $first: Int) {
    boardEventsSince(pipelineId: $pipelineId, after: $after, first: $first) {
      ...BoardEventFields
    }
  }
`);
