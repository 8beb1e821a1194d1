import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

// Personal data never reaches the logs, whatever object it is nested in.
const REDACT = [
  'cpf', 'phone', 'income', 'password', 'email', 'token', 'secret',
  '*.cpf', '*.phone', '*.income', '*.password', '*.email', '*.token', '*.secret',
  '*.*.cpf', '*.*.phone', '*.*.income', '*.*.password', '*.*.email',
  'variables.input.cpf', 'variables.input.phone', 'variables.input.email',
  'headers.authorization', 'headers["x-api-key"]', 'headers["x-leadwire-identity"]',
  'req.headers.authorization',
];

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      base: { service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination(1),
  );
}
