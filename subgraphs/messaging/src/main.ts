import { onShutdown, readEnv, createLogger } from '@leadwire/platform';
import { startMessagingSubgraph } from './index.ts';

const env = readEnv();
const log = createLogger('messaging', env.LOG_LEVEL);
const subgraph = await startMessagingSubgraph({ env, log, port: Number(process.env.PORT ?? 4004) });
onShutdown(log, [() => subgraph.close()]);
