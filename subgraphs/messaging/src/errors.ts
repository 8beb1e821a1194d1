import { defineErrors, type Fail } from '@leadwire/platform';

export enum MessagingErrorCode {
  LEAD_NOT_VISIBLE = 'LEAD_NOT_VISIBLE',
  CONVERSATION_NOT_FOUND = 'CONVERSATION_NOT_FOUND',
  LEAD_WITHOUT_PHONE = 'LEAD_WITHOUT_PHONE',
  TEMPLATE_NOT_FOUND = 'TEMPLATE_NOT_FOUND',
  UNKNOWN_TEMPLATE = 'UNKNOWN_TEMPLATE',
  TEMPLATE_NAME_TAKEN = 'TEMPLATE_NAME_TAKEN',
  MISSING_VARIABLES = 'MISSING_VARIABLES',
  MESSAGE_TOO_LONG = 'MESSAGE_TOO_LONG',
}

/** The one place messaging error codes become GraphQL errors. */
export const fail: Fail<MessagingErrorCode> = defineErrors<MessagingErrorCode>({
  // Hidden and nonexistent look the same: an id is not a way to learn what exists.
  LEAD_NOT_VISIBLE: 'NOT_FOUND',
  CONVERSATION_NOT_FOUND: 'NOT_FOUND',
  LEAD_WITHOUT_PHONE: 'BAD_USER_INPUT',
  TEMPLATE_NOT_FOUND: 'NOT_FOUND',
  UNKNOWN_TEMPLATE: 'BAD_USER_INPUT',
  TEMPLATE_NAME_TAKEN: 'CONFLICT',
  MISSING_VARIABLES: 'BAD_USER_INPUT',
  MESSAGE_TOO_LONG: 'BAD_USER_INPUT',
});
