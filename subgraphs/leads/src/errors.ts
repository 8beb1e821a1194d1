import { defineErrors, type Fail } from '@leadwire/platform';

export enum LeadsErrorCode {
  LEAD_NOT_FOUND = 'LEAD_NOT_FOUND',
  PIPELINE_NOT_FOUND = 'PIPELINE_NOT_FOUND',
  STAGE_NOT_FOUND = 'STAGE_NOT_FOUND',
  STAGE_NOT_EMPTY = 'STAGE_NOT_EMPTY',
  LAST_OPEN_STAGE = 'LAST_OPEN_STAGE',
  ORIGIN_NOT_ALLOWED = 'ORIGIN_NOT_ALLOWED',
}

/** The one place leads error codes become GraphQL errors. */
export const fail: Fail<LeadsErrorCode> = defineErrors<LeadsErrorCode>({
  LEAD_NOT_FOUND: 'NOT_FOUND',
  PIPELINE_NOT_FOUND: 'NOT_FOUND',
  STAGE_NOT_FOUND: 'BAD_USER_INPUT',
  STAGE_NOT_EMPTY: 'CONFLICT',
  LAST_OPEN_STAGE: 'BAD_USER_INPUT',
  ORIGIN_NOT_ALLOWED: 'FORBIDDEN',
});
