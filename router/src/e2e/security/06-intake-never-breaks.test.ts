import { describe, expect } from 'vitest';
import { createPrisma } from '../../../../subgraphs/leads/src/db.ts';
import { ok } from '../../test/client.ts';
import { test, type Tenant } from '../../test/fixtures.ts';
import { createLead, submitLead } from '../../test/operations.ts';

interface Stage {
  id: string;
  name: string;
  kind: 'OPEN' | 'WON' | 'LOST';
  order: number;
}

const pipelines = () => ({ query: 'query { pipelines { id isDefault stages { id name kind order } } }', variables: {} });
const deleteStage = (stageId: string) => ({
  query: 'mutation DeleteStage($stageId: ID!) { deleteStage(stageId: $stageId) }',
  variables: { stageId },
});
const updateStage = (stageId: string, input: Record<string, unknown>, order?: number) => ({
  query: 'mutation UpdateStage($stageId: ID!, $input: StageInput!, $order: Int) { updateStage(stageId: $stageId, input: $input, order: $order) { id kind order } }',
  variables: { stageId, input, order },
});
const leadStages = () => ({
  query: 'query { leads(first: 100) { totalCount edges { node { id name stage { id kind } } } } }',
  variables: {},
});

async function stagesOf(tenant: Tenant): Promise<Stage[]> {
  const data = await ok(tenant.admin.call(pipelines()));
  return data.pipelines.find((p: any) => p.isDefault).stages;
}

describe('lead intake keeps working whatever a manager does to the pipeline', () => {
  test('the last OPEN stage can be neither deleted nor closed, and nothing is written when refused', async ({ tenant }) => {
    const { admin } = tenant;
    const initial = await stagesOf(tenant);
    const open = initial.filter((s) => s.kind === 'OPEN');
    expect(open.length).toBeGreaterThan(1);
    for (const stage of open.slice(0, -1)) expect((await ok(admin.call(deleteStage(stage.id)))).deleteStage).toBe(true);
    const last = open.at(-1)!;

    const deleted = await admin.call(deleteStage(last.id));
    expect(deleted.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stageId', reason: 'LAST_OPEN_STAGE' });
    expect(deleted.data?.deleteStage ?? null).toBeNull();

    const closed = await admin.call(updateStage(last.id, { name: 'Renamed', kind: 'WON' }, 2));
    expect(closed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind', reason: 'LAST_OPEN_STAGE' });

    const after = await stagesOf(tenant);
    expect(after.map((s) => [s.id, s.name, s.kind, s.order])).toEqual(
      initial.filter((s) => !open.slice(0, -1).includes(s)).map((s, order) => [s.id, s.name, s.kind, order]),
    );
    expect(after.filter((s) => s.kind === 'OPEN').map((s) => s.id)).toEqual([last.id]);

    // Closing a stage is still allowed while another OPEN stage remains.
    const extra = await ok(
      admin.call({
        query: 'mutation($p: ID!) { createStage(pipelineId: $p, input: { name: "Extra" }) { id kind } }',
        variables: { p: (await ok(admin.call(pipelines()))).pipelines[0].id },
      }),
    );
    expect(extra.createStage.kind).toBe('OPEN');
    expect((await ok(admin.call(updateStage(extra.createStage.id, { name: 'Extra', kind: 'LOST' })))).updateStage.kind).toBe('LOST');
  });

  test('new leads enter the first OPEN stage even when a WON stage comes first', async ({ tenant }) => {
    const { admin, landing } = tenant;
    const stages = await stagesOf(tenant);
    const won = stages.find((s) => s.kind === 'WON')!;
    await ok(admin.call(updateStage(won.id, { name: won.name, kind: 'WON' }, 0)));
    const reordered = await stagesOf(tenant);
    expect(reordered[0]!.id).toBe(won.id);
    const firstOpen = reordered.find((s) => s.kind === 'OPEN')!;

    const created = await admin.call(createLead({ name: 'Walk-in' }));
    expect(created.errors).toBeUndefined();
    expect(created.data.createLead.stage.id).toBe(firstOpen.id);

    const submitted = await landing(submitLead({ name: 'From the form', phone: '(11) 98765-4321', consent: true }));
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data.submitLead.ok).toBe(true);

    const list = (await ok(admin.call(leadStages()))).leads;
    expect(list.totalCount).toBe(2);
    for (const edge of list.edges) expect(edge.node.stage).toEqual({ id: firstOpen.id, kind: 'OPEN' });
  });

  test('a pipeline left without OPEN stages by older data gets one back instead of a 500', async ({ platform, tenant }) => {
    const { admin, landing } = tenant;
    const stages = await stagesOf(tenant);
    // Rules now prevent this through the API; data written before them may still look like it.
    const { prisma, pool } = createPrisma(platform.env.DATABASE_URL);
    try {
      await prisma.pipelineStage.updateMany({ where: { id: { in: stages.map((s) => s.id) } }, data: { kind: 'LOST' } });
    } finally {
      await prisma.$disconnect();
      await pool.end();
    }

    const submitted = await landing(submitLead({ name: 'Still welcome', phone: '(21) 99876-5432', consent: true }));
    expect(submitted.status).toBe(200);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data.submitLead.ok).toBe(true);
    const created = await admin.call(createLead({ name: 'Also welcome' }));
    expect(created.errors).toBeUndefined();

    const after = await stagesOf(tenant);
    const open = after.filter((s) => s.kind === 'OPEN');
    expect(open).toHaveLength(1);
    expect(after[0]!.id).toBe(open[0]!.id);
    expect(after.map((s) => s.order)).toEqual(after.map((_, i) => i));
    const list = (await ok(admin.call(leadStages()))).leads;
    expect(list.totalCount).toBe(2);
    for (const edge of list.edges) expect(edge.node.stage).toEqual({ id: open[0]!.id, kind: 'OPEN' });
  });
});
