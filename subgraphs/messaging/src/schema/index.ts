import { FEDERATION_DIRECTIVES, FEDERATION_LINK } from '@leadwire/platform';
import { builder } from '../builder.ts';
import './refs.ts';
import './message.ts';
import './lead-messages.ts';
import './send-message.ts';
import './connector.ts';
import './template.ts';

// Pothos marks every externalRef type (Lead, Conversation here) with @extends,
// so the link must import it besides the platform's shared list.
export const schema = builder.toSubGraphSchema({
  linkUrl: FEDERATION_LINK,
  federationDirectives: FEDERATION_DIRECTIVES,
});
