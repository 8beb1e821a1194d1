import { onShutdown, readEnv, createLogger } from '@leadwire/platform';
import { startAssignmentSubgraph } from './index.ts';

const env = readEnv();
const log = createLogger('assignment', env.LOG_LEVEL);
const subgraph = await startAssignmentSubgraph({ env, log, port: Number(process.env.PORT ?? 4003) });
onShutdown(log, [() => subgraph.close()]);
