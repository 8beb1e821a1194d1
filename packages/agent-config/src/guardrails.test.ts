import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { DEFAULT_AGENT_CONFIG, resolveAgentConfig } from './agent-config.ts';
import { DEFAULT_GUARDRAIL_PATTERNS, foldForGuardrails, guardrailPatternProblem } from './guardrails.ts';

const pathsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ZodError);
    return (err as ZodError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  }
  return expect.unreachable('settings were accepted');
};

describe('guardrail settings', () => {
  it('folds a reply as the patterns read it', () => {
    expect(foldForGuardrails('Seu CRÉDITO está pré-aprovado!!  Você’s')).toBe('seu credito esta pre aprovado voce s');
  });

  it('ships patterns for both guardrails in pt and en, all of them accepted', () => {
    expect(Object.keys(DEFAULT_AGENT_CONFIG.guardrailPatterns)).toEqual(['PROMISES_APPROVAL', 'ASKS_FOR_SECRET']);
    for (const byLang of Object.values(DEFAULT_GUARDRAIL_PATTERNS)) {
      for (const lang of ['pt', 'en'] as const) {
        expect(byLang[lang].length).toBeGreaterThan(0);
        for (const pattern of byLang[lang]) expect(guardrailPatternProblem(pattern)).toBeNull();
      }
    }
  });

  it.each([
    ['(?:\\w+ ){0,3}aprovado', null],
    ['[)(]+ senha', null],
    ['\\(senha\\)+', null],
    ['(senha', 'is not a valid regular expression'],
    ['(\\w+ )+aprovado', 'must not repeat a group without bound'],
    ['(?:a|b)*c', 'must not repeat a group without bound'],
    ['(?:ab){2,}', 'must not repeat a group without bound'],
    ['(a)\\1', 'must not use back-references'],
    ['(?<x>a)\\k<x>', 'must not use back-references'],
  ])('judges the pattern %s', (pattern, problem) => {
    expect(guardrailPatternProblem(pattern)).toBe(problem);
  });

  it('lets a workspace add a guardrail, change one language of another, and keeps the rest', () => {
    const config = resolveAgentConfig({ guardrailPatterns: { MENTIONS_CONSORCIO: { pt: ['\\bconsorcio\\b'] }, ASKS_FOR_SECRET: { en: [] } } });
    expect(config.guardrailPatterns.MENTIONS_CONSORCIO).toEqual({ pt: ['\\bconsorcio\\b'], en: [] });
    expect(config.guardrailPatterns.ASKS_FOR_SECRET).toEqual({ pt: DEFAULT_GUARDRAIL_PATTERNS.ASKS_FOR_SECRET.pt, en: [] });
    expect(config.guardrailPatterns.PROMISES_APPROVAL).toEqual(DEFAULT_GUARDRAIL_PATTERNS.PROMISES_APPROVAL);
    expect(config.guardrails).toBe(DEFAULT_AGENT_CONFIG.guardrails);
  });

  it('refuses a bad pattern or guardrail id, naming the path', () => {
    expect(pathsOf(() => resolveAgentConfig({ guardrailPatterns: { PROMISES_APPROVAL: { pt: ['(\\w+ )+aprovado'] } } }))).toEqual([
      'guardrailPatterns.PROMISES_APPROVAL.pt.0: must not repeat a group without bound',
    ]);
    expect(pathsOf(() => resolveAgentConfig({ guardrailPatterns: { 'no spaces': { pt: ['x'] } } }))[0]).toMatch(/^guardrailPatterns\.no spaces: /);
    expect(pathsOf(() => resolveAgentConfig({ guardrails: '  ' }))[0]).toMatch(/^guardrails: /);
  });
});
