import type { ApiRequest } from '../api-client.ts';
import type { SessionReport } from './session-types.ts';

const REPORT = `mutation ReportWhatsAppSession($input: ReportWhatsAppSessionInput!) {
  reportWhatsAppSession(input: $input) { sessionId status }
}`;

/** The runner's `report`: tells the conversations subgraph, which wakes the managers' subscriptions. */
export function createGraphqlSessionReport(request: ApiRequest) {
  return async (report: SessionReport): Promise<void> => {
    await request(REPORT, { input: report });
  };
}
