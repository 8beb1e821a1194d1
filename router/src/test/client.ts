import type { Operation } from '@leadwire/platform/testing';

export interface Result<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

export type Caller = <T = any>(op: Operation) => Promise<Result<T>>;

/** A caller of the router over HTTP with the given headers (a token, a key, an origin). */
export function routerCaller(url: string, headers: Record<string, string> = {}): Caller {
  return async (op) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(op),
    });
    return { status: res.status, ...((await res.json()) as object) };
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Unwraps data, failing loudly with the errors when there are any. */
export async function ok<T = any>(pending: Promise<Result<T>>): Promise<T> {
  const res = await pending;
  if (res.errors?.length || !res.data) throw new Error(`operation failed (${res.status}): ${JSON.stringify(res.errors)}`);
  return res.data;
}
