import { builder } from '../builder.ts';

interface QueueShape {
  name: string;
  open: number;
  unrelayed: number;
  relayLagSeconds: number;
  redis: { waiting: number; active: number; delayed: number; failed: number; completed: number } | null;
}

const JobQueue = builder.objectRef<QueueShape>('JobQueue').implement({
  description: 'A background queue (qualification, outbound sends) as the platform sees it.',
  fields: (t) => ({
    name: t.exposeString('name'),
    open: t.exposeInt('open', { description: 'Jobs recorded in PostgreSQL and not done yet' }),
    unrelayed: t.exposeInt('unrelayed', { description: 'Of those, not yet handed to Redis' }),
    relayLagSeconds: t.exposeFloat('relayLagSeconds', { description: 'Age of the oldest job not yet handed to Redis' }),
    waiting: t.int({ nullable: true, resolve: (q) => q.redis?.waiting ?? null }),
    active: t.int({ nullable: true, resolve: (q) => q.redis?.active ?? null }),
    delayed: t.int({ nullable: true, resolve: (q) => q.redis?.delayed ?? null }),
    failed: t.int({ nullable: true, description: 'Jobs that used up their retries', resolve: (q) => q.redis?.failed ?? null }),
    completed: t.int({ nullable: true, resolve: (q) => q.redis?.completed ?? null }),
    redisAvailable: t.boolean({ resolve: (q) => q.redis !== null }),
  }),
});

builder.queryFields((t) => ({
  // The queue dashboard's data, for admins: the CRM draws it. Counts only —
  // jobs carry message text and phone numbers, which stay out of dashboards.
  jobQueues: t.field({
    type: [JobQueue],
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => ctx.jobs.stats(),
  }),
}));
