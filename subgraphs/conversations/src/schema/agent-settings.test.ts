import { randomUUID } from 'node:crypto';
import { DEFAULT_AGENT_CONFIG } from '@leadwire/agent-config';
import type { Identity } from '@leadwire/platform';
import { describe, expect } from 'vitest';
import { apiKey, test } from '../test/fixtures.ts';
import { agentSettings, updateAgentSettings } from '../test/operations.ts';

type Result = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
const codeOf = (res: Result) => res.errors?.[0]?.extensions?.code;

describe('agent settings', () => {
  test('a workspace that saved nothing reads the defaults, at version 0', async ({ workspace }) => {
    const res = await workspace.call(agentSettings());
    expect(res.errors).toBeUndefined();
    const { overrides, version, updatedAt, ...config } = res.data.agentSettings;
    expect({ overrides, version, updatedAt }).toEqual({ overrides: {}, version: 0, updatedAt: null });
    expect(config).toEqual(DEFAULT_AGENT_CONFIG);
  });

  test('a manager changes one product rule and one text; the rest stays the default, and null puts a value back', async ({ workspace }) => {
    const changed = await workspace.call(
      updateAgentSettings({ productRules: { REAL_ESTATE: { minIncome: 4000, annualRate: 0.099 } }, templates: { en: { goodbye: 'Bye!' } } }, 0),
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data.updateAgentSettings).toMatchObject({
      version: 1,
      overrides: { productRules: { REAL_ESTATE: { minIncome: 4000, annualRate: 0.099 } }, templates: { en: { goodbye: 'Bye!' } } },
    });
    expect(Date.parse(changed.data.updateAgentSettings.updatedAt)).not.toBeNaN();

    const read = (await workspace.call(agentSettings())).data.agentSettings;
    expect(read).toEqual(changed.data.updateAgentSettings);
    expect(read.productRules.REAL_ESTATE).toEqual({ ...DEFAULT_AGENT_CONFIG.productRules.REAL_ESTATE, minIncome: 4000, annualRate: 0.099 });
    expect(read.productRules.VEHICLE).toEqual(DEFAULT_AGENT_CONFIG.productRules.VEHICLE);
    expect(read.templates.en.goodbye).toBe('Bye!');
    expect(read.templates.pt.goodbye).toBe(DEFAULT_AGENT_CONFIG.templates.pt.goodbye);

    // An admin is a manager too; lists are replaced whole.
    const admin: Identity = { kind: 'user', workspaceId: workspace.id, userId: randomUUID(), role: 'ADMIN' };
    const again = await workspace.call(updateAgentSettings({ productRules: { REAL_ESTATE: { annualRate: null, acceptedStates: ['SP', 'RJ'] } }, templates: null }), admin);
    expect(again.errors).toBeUndefined();
    expect(again.data.updateAgentSettings).toMatchObject({
      version: 2,
      overrides: { productRules: { REAL_ESTATE: { minIncome: 4000, acceptedStates: ['SP', 'RJ'] } } },
      productRules: { REAL_ESTATE: { annualRate: DEFAULT_AGENT_CONFIG.productRules.REAL_ESTATE.annualRate, minIncome: 4000, acceptedStates: ['SP', 'RJ'] } },
    });
    expect(again.data.updateAgentSettings.templates).toEqual(DEFAULT_AGENT_CONFIG.templates);
  });

  test('the workspace’s service reads the settings; consultants, API keys and services cannot change them, nor consultants read them', async ({ workspace }) => {
    await workspace.call(updateAgentSettings({ minConfidence: 0.7 }));
    const serviceRead = await workspace.call(agentSettings(), workspace.service);
    expect(serviceRead.errors).toBeUndefined();
    expect(serviceRead.data.agentSettings.minConfidence).toBe(0.7);

    const consultant: Identity = { kind: 'user', workspaceId: workspace.id, userId: randomUUID(), role: 'CONSULTANT' };
    const integrator = apiKey(workspace.id, ['conversations:read', 'leads:write']);
    expect(codeOf(await workspace.call(agentSettings(), consultant))).toBe('FORBIDDEN');
    expect(codeOf(await workspace.call(agentSettings(), integrator))).toBe('FORBIDDEN');
    for (const who of [consultant, integrator, workspace.service]) {
      expect(codeOf(await workspace.call(updateAgentSettings({ minConfidence: 0.1 }), who))).toBe('FORBIDDEN');
    }
    expect((await workspace.call(agentSettings())).data.agentSettings).toMatchObject({ minConfidence: 0.7, version: 1 });
  });

  test('invalid settings are BAD_USER_INPUT naming the field, and nothing is written', async ({ workspace }) => {
    await workspace.call(updateAgentSettings({ productRules: { VEHICLE: { annualRate: 0.18 } } }));
    const before = (await workspace.call(agentSettings())).data.agentSettings;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ productRules: { REAL_ESTATE: { annualRate: 5 } } }, 'input.productRules.REAL_ESTATE.annualRate'],
      [{ productRules: { REAL_ESTATE: { minIncome: -1 } } }, 'input.productRules.REAL_ESTATE.minIncome'],
      [{ productRules: { VEHICLE: { acceptedStates: ['SP', 'XX'] } } }, 'input.productRules.VEHICLE.acceptedStates.1'],
      [{ productRules: { VEHICLE: { minValue: 600_000 } } }, 'input.productRules.VEHICLE.maxValue'],
      [{ requiredFields: ['name', 'product'] }, 'input.requiredFields'],
      [{ knowledgeBase: [{ id: 'x', lang: 'de', question: 'q', answer: 'a', keywords: ['k'] }] }, 'input.knowledgeBase.0.lang'],
      [{ templates: { en: { goodbye: '' } } }, 'input.templates.en.goodbye'],
      [{ templates: { pt: { greting: 'Oi' } } }, 'input.templates.pt.greting'],
      [{ templates: 'hello' }, 'input.templates'],
      [{ guardrailPatterns: { PROMISES_APPROVAL: { pt: ['(\\w+ )+aprovado'] } } }, 'input.guardrailPatterns.PROMISES_APPROVAL.pt.0'],
      [{ guardrailPatterns: { PROMISES_APPROVAL: { de: ['genehmigt'] } } }, 'input.guardrailPatterns.PROMISES_APPROVAL.de'],
      [{ minConfidence: 2 }, 'input.minConfidence'],
      [{ maxTurnsWithoutProgress: 0 }, 'input.maxTurnsWithoutProgress'],
    ];
    for (const [input, field] of cases) {
      const res = await workspace.call(updateAgentSettings(input));
      expect({ input, code: codeOf(res), field: res.errors?.[0]?.extensions?.field }).toEqual({ input, code: 'BAD_USER_INPUT', field });
    }
    expect((await workspace.call(agentSettings())).data.agentSettings).toEqual(before);
  });

  test('a manager adds a guardrail pattern; the defaults stay, and null removes it again', async ({ workspace }) => {
    const added = await workspace.call(updateAgentSettings({ guardrailPatterns: { MENTIONS_CONSORCIO: { pt: ['\\bconsorcio\\b'] } } }));
    expect(added.errors).toBeUndefined();
    expect(added.data.updateAgentSettings.guardrailPatterns).toEqual({
      ...DEFAULT_AGENT_CONFIG.guardrailPatterns,
      MENTIONS_CONSORCIO: { pt: ['\\bconsorcio\\b'], en: [] },
    });
    const removed = await workspace.call(updateAgentSettings({ guardrailPatterns: { MENTIONS_CONSORCIO: null } }));
    expect(removed.data.updateAgentSettings).toMatchObject({ overrides: {}, guardrailPatterns: DEFAULT_AGENT_CONFIG.guardrailPatterns });
  });

  test('an edit made on an older version is a CONFLICT; edits without a version all apply', async ({ workspace }) => {
    await workspace.call(updateAgentSettings({ minConfidence: 0.6 }, 0));
    const stale = await workspace.call(updateAgentSettings({ minConfidence: 0.8 }, 0));
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0]?.extensions?.field).toBe('expectedVersion');

    const racing = await Promise.all([
      workspace.call(updateAgentSettings({ productRules: { VEHICLE: { termMonths: 48 } } }, 1)),
      workspace.call(updateAgentSettings({ productRules: { VEHICLE: { termMonths: 72 } } }, 1)),
    ]);
    expect(racing.map(codeOf).sort()).toEqual(['CONFLICT', undefined]);

    await Promise.all([
      workspace.call(updateAgentSettings({ productRules: { REAL_ESTATE: { minIncome: 3000 } } })),
      workspace.call(updateAgentSettings({ guardrails: 'Be brief.' })),
      workspace.call(updateAgentSettings({ maxTurnsWithoutProgress: 5 })),
    ]);
    const read = (await workspace.call(agentSettings())).data.agentSettings;
    expect(read).toMatchObject({ version: 5, minConfidence: 0.6, guardrails: 'Be brief.', maxTurnsWithoutProgress: 5, productRules: { REAL_ESTATE: { minIncome: 3000 } } });
  });

  test('one workspace’s settings are invisible to another', async ({ workspace }) => {
    await workspace.call(updateAgentSettings({ productRules: { REAL_ESTATE: { minIncome: 9000 } } }));
    const otherId = randomUUID();
    const otherManager: Identity = { kind: 'user', workspaceId: otherId, userId: randomUUID(), role: 'MANAGER' };
    const otherService: Identity = { kind: 'service', workspaceId: otherId, keyId: 'ai-agent' };
    for (const who of [otherManager, otherService]) {
      const res = await workspace.call(agentSettings(), who);
      expect(res.data.agentSettings).toMatchObject({ version: 0, overrides: {}, productRules: { REAL_ESTATE: { minIncome: 2500 } } });
    }
    // And its edits start from its own (default) settings.
    const theirs = await workspace.call(updateAgentSettings({ minConfidence: 0.9 }, 0), otherManager);
    expect(theirs.data.updateAgentSettings).toMatchObject({ version: 1, overrides: { minConfidence: 0.9 }, productRules: { REAL_ESTATE: { minIncome: 2500 } } });
    expect((await workspace.call(agentSettings())).data.agentSettings).toMatchObject({ version: 1, minConfidence: 0.5, productRules: { REAL_ESTATE: { minIncome: 9000 } } });
  });
});
