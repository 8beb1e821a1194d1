/** The board as the CRM opens it (four subgraphs): one definition for every bench that reads it. */
export const BOARD_QUERY = /* GraphQL */ `query BenchBoard {
  board(first: 50) {
    columns {
      stage { name }
      count
      leads { id name assignee { name } qualificationState latestMessage { body } }
    }
  }
}`;
