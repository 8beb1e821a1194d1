import { FEDERATION_DIRECTIVES, FEDERATION_LINK } from '@leadwire/platform';
import { builder } from '../builder.ts';
import './user.ts';
import './auth.ts';
import './user-mutations.ts';
import './api-keys.ts';
import './credential.ts';
import './workspace.ts';
import './assignment.ts';

// `externalRef` marks Lead with @extends, which the shared list does not import (yet).
export const schema = builder.toSubGraphSchema({
  linkUrl: FEDERATION_LINK,
  federationDirectives: FEDERATION_DIRECTIVES,
});
