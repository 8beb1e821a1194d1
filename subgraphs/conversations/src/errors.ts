import { defineErrors, type Fail } from '@leadwire/platform';

export enum ConversationsErrorCode {
  CONVERSATION_NOT_FOUND = 'CONVERSATION_NOT_FOUND',
  LEAD_NOT_FOUND = 'LEAD_NOT_FOUND',
  CONVERSATION_CLOSED = 'CONVERSATION_CLOSED',
  DOWN_PAYMENT_EXCEEDS_ASSET_VALUE = 'DOWN_PAYMENT_EXCEEDS_ASSET_VALUE',
}

/** The one place conversations error codes become GraphQL errors. */
export const fail: Fail<ConversationsErrorCode> = defineErrors<ConversationsErrorCode>({
  CONVERSATION_NOT_FOUND: 'NOT_FOUND',
  LEAD_NOT_FOUND: 'NOT_FOUND',
  CONVERSATION_CLOSED: 'CONFLICT',
  DOWN_PAYMENT_EXCEEDS_ASSET_VALUE: 'BAD_USER_INPUT',
});
