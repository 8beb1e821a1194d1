import { createClient } from 'graphql-ws';
import { vi } from 'vitest';
import WebSocket from 'ws';
import type { Operation } from '@leadwire/platform/testing';

/** A real graphql-ws subscriber that records what it receives and how the socket closed. */
export function subscriber(url: string, connectionParams: Record<string, unknown>, op: Operation) {
  const results: Array<{ data?: any; errors?: unknown }> = [];
  const errors: unknown[] = [];
  let closeCode: number | undefined;
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => (closeCode = (event as { code: number }).code) },
  });
  const unsubscribe = client.subscribe(op as { query: string; variables?: Record<string, unknown> }, {
    next: (value) => results.push(value),
    error: (err) => errors.push(err),
    complete: () => undefined,
  });
  return {
    results,
    errors,
    closeCode: () => closeCode,
    async waitFor(count: number, timeout = 10_000) {
      await vi.waitFor(() => {
        if (results.length < count) throw new Error(`received ${results.length} of ${count}`);
      }, { timeout, interval: 25 });
      return results;
    },
    async waitForClose(timeout = 10_000) {
      await vi.waitFor(() => {
        if (closeCode === undefined) throw new Error('still open');
      }, { timeout, interval: 25 });
      return closeCode!;
    },
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
}
