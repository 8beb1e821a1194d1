import SchemaBuilder from '@pothos/core';
import { addSharedTypes, subgraphBuilderOptions, type SubgraphSchemaTypes } from '@leadwire/platform/pothos';
import type { LeadsContext } from './context.ts';
import type PrismaTypes from './generated/pothos-types.ts';
import { getDatamodel } from './generated/pothos-types.ts';

export const builder = new SchemaBuilder<SubgraphSchemaTypes<LeadsContext, PrismaTypes>>({
  ...subgraphBuilderOptions,
  prisma: { client: (ctx) => ctx.prisma, dmmf: getDatamodel(), exposeDescriptions: false },
});

addSharedTypes(builder);

