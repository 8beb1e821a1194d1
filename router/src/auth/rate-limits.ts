import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RouterLimits } from '../config.ts';
import { AuthError } from './authenticate.ts';

/**
 * Limits shared by every router instance through Redis. When Redis is down
 * the limiter falls back to per-process memory rather than refusing
 * every landing-page lead (`insuranceLimiter`).
 */
export function createRateLimits(redis: Redis, limits: RouterLimits) {
  const make = (keyPrefix: string, points: number) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix,
      points,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: 60 }),
    });
  const submit = make('rl:submit', limits.submitPerMinute);
  const login = make('rl:login', limits.loginPerMinute);
  const consume = async (limiter: RateLimiterRedis, key: string) => {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        throw new AuthError(429, 'TOO_MANY_REQUESTS', `Too many requests; retry in ${Math.ceil(err.msBeforeNext / 1000)} s`);
      }
      // Neither limiter answered: let the request through rather than lose a lead.
    }
  };
  return {
    submit: (key: string) => consume(submit, key),
    login: (ip: string) => consume(login, ip),
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
