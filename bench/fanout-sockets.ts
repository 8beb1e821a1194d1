// Many graphql-ws subscribers in this process, as lean as the protocol
// allows (graphql-transport-ws over `ws`, one subscription per socket), so
// that the bench client spends as little of the machine as possible.
import WebSocket from 'ws';

export interface Delivery {
  socket: number;
  leadId: string;
  type: string;
  cursor: string;
  at: number;
}

export interface SocketSpec {
  url: string;
  token: string;
  query: string;
}

export interface SocketPool {
  deliveries: Delivery[];
  errors: string[];
  /** Sockets the server closed, by close code. */
  closed: Map<number, number>;
  close(): Promise<void>;
}

function openOne(index: number, spec: SocketSpec, pool: SocketPool): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(spec.url, 'graphql-transport-ws', { perMessageDeflate: false });
    let acked = false;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${spec.token}` } })));
    ws.on('message', (raw) => {
      const at = performance.now();
      const message = JSON.parse(String(raw)) as { type: string; payload?: any };
      if (message.type === 'next') {
        const event = Object.values(message.payload?.data ?? {})[0] as { leadId?: string; type?: string; cursor?: string } | undefined;
        if (event?.leadId) pool.deliveries.push({ socket: index, leadId: event.leadId, type: String(event.type), cursor: String(event.cursor), at });
        else pool.errors.push(JSON.stringify(message.payload).slice(0, 200));
      } else if (message.type === 'connection_ack') {
        acked = true;
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: spec.query, variables: {} } }));
        resolve(ws);
      } else if (message.type === 'error') {
        pool.errors.push(JSON.stringify(message.payload).slice(0, 200));
      }
    });
    ws.on('close', (code) => {
      pool.closed.set(code, (pool.closed.get(code) ?? 0) + 1);
      if (!acked) reject(new Error(`socket ${index} closed with ${code} before connection_ack`));
    });
    ws.on('error', (err) => {
      if (!acked) reject(err);
    });
  });
}

/** Opens the sockets `concurrency` at a time, each subscribed once it is acknowledged. */
export async function openSockets(specs: SocketSpec[], concurrency = 100): Promise<SocketPool> {
  const sockets: WebSocket[] = [];
  const pool: SocketPool = {
    deliveries: [],
    errors: [],
    closed: new Map(),
    async close() {
      await Promise.all(
        sockets.map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === WebSocket.CLOSED) return resolve();
              ws.once('close', () => resolve());
              ws.close(1000);
            }),
        ),
      );
    },
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < specs.length) {
        const i = next++;
        sockets.push(await openOne(i, specs[i]!, pool));
      }
    }),
  );
  return pool;
}
