// Benches start the platform on fixed ports; another bench running on the
// same ports would answer in its place (with other secrets). Refuse instead.
import { createServer } from 'node:net';

export async function assertPortsFree(first: number, count: number): Promise<void> {
  for (let port = first; port < first + count; port++) {
    await new Promise<void>((resolve, reject) => {
      const server = createServer();
      server.once('error', () => reject(new Error(`port ${port} is taken (another bench?): set BENCH_PORT_BASE to a free range`)));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
    });
  }
}
