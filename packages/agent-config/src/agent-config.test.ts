import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { DEFAULT_AGENT_CONFIG, resolveAgentConfig, zAgentConfig } from './agent-config.ts';

describe('agent configuration', () => {
  it('validates the defaults and returns them for empty settings', () => {
    expect(zAgentConfig.parse(DEFAULT_AGENT_CONFIG)).toEqual(DEFAULT_AGENT_CONFIG);
    expect(resolveAgentConfig({})).toEqual(DEFAULT_AGENT_CONFIG);
    expect(resolveAgentConfig(null)).toEqual(DEFAULT_AGENT_CONFIG);
  });

  it('has the spec’s default product rules', () => {
    expect(DEFAULT_AGENT_CONFIG.productRules.REAL_ESTATE).toEqual({
      annualRate: 0.115, termMonths: 360, minIncome: 2500, minValue: 100_000, maxValue: 5_000_000, minDownPaymentShare: 0.2, maxInstallmentShare: 0.3,
      acceptedStates: ['SP', 'RJ', 'MG', 'ES', 'PR', 'SC', 'RS', 'DF', 'GO'],
    });
    expect(DEFAULT_AGENT_CONFIG.productRules.VEHICLE).toMatchObject({ annualRate: 0.21, termMonths: 60, minIncome: 1800, minValue: 20_000, maxValue: 500_000, minDownPaymentShare: 0.1 });
    expect(DEFAULT_AGENT_CONFIG.productRules.VEHICLE.acceptedStates).toHaveLength(27);
  });

  it('lets a workspace change one value and keeps the rest', () => {
    const config = resolveAgentConfig({ productRules: { VEHICLE: { annualRate: 0.18 } }, templates: { en: { goodbye: 'Bye!' } } });
    expect(config.productRules.VEHICLE.annualRate).toBe(0.18);
    expect(config.productRules.VEHICLE.termMonths).toBe(60);
    expect(config.productRules.REAL_ESTATE).toEqual(DEFAULT_AGENT_CONFIG.productRules.REAL_ESTATE);
    expect(config.templates.en.goodbye).toBe('Bye!');
    expect(config.templates.pt.goodbye).toBe(DEFAULT_AGENT_CONFIG.templates.pt.goodbye);
  });

  it.each([
    [{ productRules: { REAL_ESTATE: { annualRate: 'eleven' } } }, 'productRules.REAL_ESTATE.annualRate'],
    [{ productRules: { VEHICLE: { acceptedStates: ['SP', 'XX'] } } }, 'productRules.VEHICLE.acceptedStates.1'],
    [{ productRules: { VEHICLE: { minValue: 600_000 } } }, 'productRules.VEHICLE.maxValue'],
    [{ requiredFields: ['name', 'product'] }, 'requiredFields'],
    [{ knowledgeBase: [{ id: 'x', lang: 'de', question: 'q', answer: 'a', keywords: ['k'] }] }, 'knowledgeBase.0.lang'],
    [{ minConfidence: 2 }, 'minConfidence'],
  ])('refuses bad settings, naming the path: %j', (settings, path) => {
    try {
      resolveAgentConfig(settings);
      expect.unreachable('settings were accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(ZodError);
      expect((err as ZodError).issues.map((i) => i.path.join('.'))).toContain(path);
    }
  });
});
