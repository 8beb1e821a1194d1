import type { BaseContext } from '@apollo/server';
import type { Identity, Logger } from '@leadwire/platform';

export interface RouterContext extends BaseContext {
  identity: Identity;
  requestId: string;
  log: Logger;
  ip: string;
}
