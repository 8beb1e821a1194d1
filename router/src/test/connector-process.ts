import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { expect, vi } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The connector as deployed: its own process, which a fault test may kill without warning. */
export async function startConnectorProcess(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'connector/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  await vi.waitFor(async () => expect((await fetch(`http://127.0.0.1:${port}/healthz`)).ok).toBe(true), { timeout: 30_000, interval: 200 });
  return child;
}

/** Empties a Redis database a test kept to itself (fault tests flush or fill their own). */
export async function flushRedisDatabase(url: string): Promise<void> {
  const redis = new Redis(url);
  await redis.flushdb().catch(() => undefined);
  redis.disconnect();
}
