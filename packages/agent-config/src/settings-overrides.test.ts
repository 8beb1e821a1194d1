import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENT_CONFIG, resolveAgentConfig } from './agent-config.ts';
import { applySettingsPatch, unknownSettingPath } from './settings-overrides.ts';

describe('settings overrides', () => {
  it('sets what a patch names and keeps the rest of the stored overrides', () => {
    const stored = { productRules: { VEHICLE: { annualRate: 0.18 } }, minConfidence: 0.6 };
    expect(applySettingsPatch(stored, { productRules: { REAL_ESTATE: { minIncome: 4000 } } })).toEqual({
      productRules: { VEHICLE: { annualRate: 0.18 }, REAL_ESTATE: { minIncome: 4000 } },
      minConfidence: 0.6,
    });
  });

  it('puts a setting back to its default with null, and drops what is left empty', () => {
    const stored = { productRules: { VEHICLE: { annualRate: 0.18 } }, minConfidence: 0.6 };
    const patched = applySettingsPatch(stored, { productRules: { VEHICLE: { annualRate: null } }, minConfidence: null });
    expect(patched).toEqual({});
    expect(resolveAgentConfig(patched)).toEqual(DEFAULT_AGENT_CONFIG);
  });

  it('replaces lists whole', () => {
    const patched = applySettingsPatch({ productRules: { VEHICLE: { acceptedStates: ['SP', 'RJ'] } } }, { productRules: { VEHICLE: { acceptedStates: ['MG'] } } });
    expect(resolveAgentConfig(patched).productRules.VEHICLE.acceptedStates).toEqual(['MG']);
  });

  it('finds a key the settings have no place for', () => {
    const patch = { templates: { pt: { greting: 'Oi' } }, knowledgeBase: [{ id: 'a', lang: 'pt', question: 'q', answer: 'a', keywords: ['k'], tags: [] }] };
    const resolved = resolveAgentConfig({ knowledgeBase: patch.knowledgeBase });
    expect(unknownSettingPath(patch, resolved)).toEqual(['templates', 'pt', 'greting']);
    expect(unknownSettingPath({ knowledgeBase: patch.knowledgeBase }, resolved)).toEqual(['knowledgeBase', 0, 'tags']);
    expect(unknownSettingPath({ productRules: { VEHICLE: { annualRate: 0.2 } }, minConfidence: null }, resolved)).toBeNull();
  });
});
