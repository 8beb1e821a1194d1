import { FEDERATION_DIRECTIVES, FEDERATION_LINK } from '@leadwire/platform/pothos';
import { builder } from '../builder.ts';
import './user.ts';
import './auth.ts';
import './user-mutations.ts';
import './api-keys.ts';
import './credential.ts';
import './session-status.ts';
import './workspace.ts';
import './assignment.ts';
import './distribution.ts';
import './my-assignments.ts';

export const schema = builder.toSubGraphSchema({
  linkUrl: FEDERATION_LINK,
  federationDirectives: FEDERATION_DIRECTIVES,
});
