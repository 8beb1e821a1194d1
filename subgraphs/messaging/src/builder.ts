import SchemaBuilder from '@pothos/core';
import { addSharedTypes, subgraphBuilderOptions, type SubgraphSchemaTypes } from '@leadwire/platform/pothos';
import type { MessagingContext } from './context.ts';
import type PrismaTypes from './generated/pothos-types.ts';
import { getDatamodel } from './generated/pothos-types.ts';

export const builder = new SchemaBuilder<SubgraphSchemaTypes<MessagingContext, PrismaTypes>>({
  ...subgraphBuilderOptions,
  prisma: { client: (ctx) => ctx.prisma, dmmf: getDatamodel(), exposeDescriptions: false },
});

addSharedTypes(builder);

