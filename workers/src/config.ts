import { z } from 'zod';

const schema = z.object({
  QUALIFICATION_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  // Long enough for the rest of a burst typed on a phone, short enough to feel instant.
  AGENT_BURST_MS: z.coerce.number().int().min(0).max(60_000).default(1_500),
});

export type WorkersConfig = z.infer<typeof schema>;

/** The workers' own settings; a bad value stops the process with the variable's name. */
export function readWorkersConfig(env: Record<string, string | undefined> = process.env): WorkersConfig {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(`${issue.path.join('.')}: ${issue.message}`);
}
