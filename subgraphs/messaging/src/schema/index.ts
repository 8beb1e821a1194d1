import { FEDERATION_DIRECTIVES, FEDERATION_LINK } from '@leadwire/platform/pothos';
import { builder } from '../builder.ts';
import './refs.ts';
import './message.ts';
import './message-updates.ts';
import './message-changes.ts';
import './message-media.ts';
import './lead-messages.ts';
import './send-message.ts';
import './agent-replies.ts';
import './connector.ts';
import './whatsapp-ingest-input.ts';
import './whatsapp-ingest.ts';
import './queued-jobs.ts';
import './job-queues.ts';
import './template.ts';
import './suggestions.ts';

export const schema = builder.toSubGraphSchema({
  linkUrl: FEDERATION_LINK,
  federationDirectives: FEDERATION_DIRECTIVES,
});
