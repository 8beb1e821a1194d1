import { printSubgraphSchema } from '@apollo/subgraph';
import { schema } from './schema/index.ts';

process.stdout.write(printSubgraphSchema(schema));
