import { fail, MessagingErrorCode } from '../errors.ts';

// `{{name}}` or `{{ name }}`; names are identifiers so a stray brace is just text.
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export const MAX_BODY = 4096;

/** The distinct variables a template body uses, in order of first use. */
export function variablesOf(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Fills every placeholder. A missing or blank value is refused rather than
 * sent as "{{name}}" or an empty gap to a customer.
 */
export function renderTemplate(body: string, values: Record<string, string>): string {
  const missing = variablesOf(body).filter((name) => !values[name]?.trim());
  if (missing.length) {
    fail(MessagingErrorCode.MISSING_VARIABLES, `input.variables: missing ${missing.join(', ')}`, {
      field: 'input.variables',
      missing,
    });
  }
  const text = body.replace(PLACEHOLDER, (_all, name: string) => values[name]!);
  if (text.length > MAX_BODY) {
    fail(MessagingErrorCode.MESSAGE_TOO_LONG, `input.variables: the rendered message is over ${MAX_BODY} characters`, {
      field: 'input.variables',
    });
  }
  return text;
}
