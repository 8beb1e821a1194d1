import { FEDERATION_DIRECTIVES, FEDERATION_LINK } from '@leadwire/platform/pothos';
import { builder } from '../builder.ts';
import './pipeline.ts';
import './lead.ts';
import './lead-mutations.ts';
import './move-lead.ts';
import './submit-lead.ts';
import './board.ts';
import './board-events.ts';
import './touch-lead.ts';
import './whatsapp-contacts.ts';

export const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK, federationDirectives: FEDERATION_DIRECTIVES });
