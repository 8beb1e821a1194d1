import { onShutdown, readEnv, createLogger } from '@leadwire/platform';
import { startLeadsSubgraph } from './index.ts';

const env = readEnv();
const log = createLogger('leads', env.LOG_LEVEL);
const subgraph = await startLeadsSubgraph({ env, log, port: Number(process.env.PORT ?? 4001) });
onShutdown(log, [() => subgraph.close()]);
