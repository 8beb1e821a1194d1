import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CONNECTOR } from '@leadwire/platform/processes';
import type { SimMessage } from './threads.ts';

const USAGE = `Usage:
  npm run simulate -- --from +5511987654321 [--name Maria] [--session agent] "text"
  npm run simulate -- --thread +5511987654321

Writes to the connector's WhatsApp simulator as a lead, or prints a lead's thread.
The connector must be running with the simulator on (npm start in development).
SIMULATOR_URL (default http://127.0.0.1:${CONNECTOR.simulatorPort}) says where it listens.`;

export interface CliIO {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs the CLI; returns the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        name: { type: 'string' },
        session: { type: 'string' },
        thread: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const base = (io.env.SIMULATOR_URL ?? `http://127.0.0.1:${io.env.SIMULATOR_PORT ?? CONNECTOR.simulatorPort}`).replace(/\/$/, '');
  const text = positionals.join(' ');
  if (values.thread ? values.from || text : !values.from || !text) {
    io.err(USAGE);
    return 2;
  }

  let res: Response;
  try {
    res = values.thread
      ? await fetch(`${base}/simulator/messages?phone=${encodeURIComponent(values.thread)}`)
      : await fetch(`${base}/simulator/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ from: values.from, name: values.name, text, session: values.session }),
        });
  } catch {
    io.err(`No simulator answers on ${base}: is the connector running with the simulator on (npm start)?`);
    return 1;
  }
  const body = (await res.json().catch(() => ({}))) as { id?: string; messages?: SimMessage[]; error?: string };
  if (!res.ok) {
    io.err(`simulator: ${body.error ?? `HTTP ${res.status}`}`);
    return 1;
  }
  if (values.thread) {
    if (!body.messages?.length) io.out('(no messages)');
    for (const m of body.messages ?? []) {
      const media = m.media ? `[${[m.media.mime, `${m.media.size} bytes`, m.media.fileName].filter(Boolean).join(', ')}]` : '';
      io.out(`${m.at}  ${m.direction.padEnd(3)} ${m.session.padEnd(8)} ${m.status.padEnd(9)} ${m.id}  ${[media, m.text].filter(Boolean).join(' ')}`);
    }
  } else {
    io.out(body.id ?? '');
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2), {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}
