import { definePrismaConfig } from '@leadwire/platform/prisma-config';

export default definePrismaConfig('assignment');
