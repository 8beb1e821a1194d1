import { FEDERATION_DIRECTIVES, FEDERATION_LINK } from '@leadwire/platform/pothos';
import { builder } from '../builder.ts';
import './conversation.ts';
import './lead.ts';
import './open-conversation.ts';
import './qualification.ts';
import './lifecycle.ts';
import './whatsapp-sessions.ts';
import './whatsapp-auth-state.ts';
import './agent-turn.ts';
import './introduce-assignee.ts';
import './agent-settings.ts';

export const schema = builder.toSubGraphSchema({
  linkUrl: FEDERATION_LINK,
  federationDirectives: FEDERATION_DIRECTIVES,
});
