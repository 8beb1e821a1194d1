/** Reads the router's Prometheus text from its internal listener, as an operator would. */
export async function routerMetrics(internalUrl: string) {
  const text = await (await fetch(internalUrl.replace(/\/graphql$/, '/metrics'))).text();
  return {
    /** The sum of every series of `name` whose labels include `labels`. */
    value(name: string, labels: Record<string, string> = {}): number {
      let sum = 0;
      for (const line of text.split('\n')) {
        const match = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
        if (!match || match[1] !== name) continue;
        const own = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
        if (Object.entries(labels).every(([k, v]) => own[k] === v)) sum += Number(match[3]);
      }
      return sum;
    },
  };
}

/** Waits until a metric stops moving: the router has finished what it was doing. */
export async function settled(internalUrl: string, name: string, quietMs = 300, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = (await routerMetrics(internalUrl)).value(name);
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const now = (await routerMetrics(internalUrl)).value(name);
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= quietMs) return now;
  }
  throw new Error(`${name} kept moving for ${timeoutMs} ms`);
}
