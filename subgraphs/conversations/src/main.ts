import { onShutdown, readEnv, createLogger } from '@leadwire/platform';
import { startConversationsSubgraph } from './index.ts';

const env = readEnv();
const log = createLogger('conversations', env.LOG_LEVEL);
const subgraph = await startConversationsSubgraph({ env, log, port: Number(process.env.PORT ?? 4002) });
onShutdown(log, [() => subgraph.close()]);
