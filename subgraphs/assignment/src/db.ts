import { createPgAdapter } from '@leadwire/platform';
import { PrismaClient } from './generated/prisma/client.ts';

export const SCHEMA = 'assignment';

export function createPrisma(databaseUrl: string) {
  const { adapter, pool } = createPgAdapter({ databaseUrl, schema: SCHEMA });
  return { prisma: new PrismaClient({ adapter }), pool };
}
