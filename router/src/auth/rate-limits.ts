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
  const ns = limits.rateLimitNamespace;
  const submit = make(`${ns}:submit`, limits.submitPerMinute);
  const login = make(`${ns}:login`, limits.loginPerMinute);
  const loginAccount = make(`${ns}:login-account`, limits.loginPerAccountPerMinute);
  const consume = async (limiter: RateLimiterRedis, key: string, points: number) => {
    try {
      await limiter.consume(key, points);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        throw new AuthError(429, 'TOO_MANY_REQUESTS', `Too many requests; retry in ${Math.ceil(err.msBeforeNext / 1000)} s`);
      }
      // Neither limiter answered: let the request through rather than lose a lead.
    }
  };
  return {
    /** `points`: how many submissions the operation would execute. */
    submit: (key: string, points: number) => consume(submit, key, points),
    /** Per address, for every attempt of the operation. */
    login: (ip: string, points: number) => consume(login, ip, points),
    /** Per account, so a burst against one account is stopped even from many addresses. */
    loginAccount: (email: string) => consume(loginAccount, email.trim().toLowerCase(), 1),
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
