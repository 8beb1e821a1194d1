import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rulesProvider } from '../providers/rules-provider.ts';
import type { AgentProvider } from '../types.ts';
import { loadEvalSet } from './eval-set.ts';
import { compare, evaluate, fieldMatches, summaryLine } from './evaluate.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/qualification-fixtures.json', import.meta.url));
const RUNNER = fileURLToPath(new URL('./run-eval.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const run = promisify(execFile);

describe('fieldMatches', () => {
  it('compares text after trimming and folding case and accents', () => {
    expect(fieldMatches('city', 'São Paulo', ' sao paulo ')).toBe(true);
    expect(fieldMatches('name', 'Ana Paula Souza', 'ANA PAULA SOUZA')).toBe(true);
    expect(fieldMatches('name', 'Ana Paula Souza', 'Ana Souza')).toBe(false);
  });

  it('accepts amounts within 1%', () => {
    expect(fieldMatches('income', 8000, 8079)).toBe(true);
    expect(fieldMatches('income', 8000, 8081)).toBe(false);
    expect(fieldMatches('value', 450_000, undefined)).toBe(false);
  });

  it('reads an expected null CPF as "holds no valid CPF"', () => {
    expect(fieldMatches('cpf', null, null)).toBe(true);
    expect(fieldMatches('cpf', null, undefined)).toBe(true);
    expect(fieldMatches('cpf', null, '39053344705')).toBe(false);
    expect(fieldMatches('cpf', '39053344705', '39053344705')).toBe(true);
  });

  it('compares enums and months exactly', () => {
    expect(fieldMatches('timeframeMonths', 0, 0)).toBe(true);
    expect(fieldMatches('timeframeMonths', 6, 12)).toBe(false);
    expect(fieldMatches('employment', 'EMPLOYED', 'SELF_EMPLOYED')).toBe(false);
  });
});

describe('compare', () => {
  it('counts only the fields a label has, and the outcome apart', () => {
    const c = compare('x', { product: 'VEHICLE', income: 8000, outcome: 'OPT_OUT' }, { product: 'VEHICLE', income: 9000, name: 'Ana' }, 'IN_PROGRESS');
    expect(c).toMatchObject({ right: 1, total: 2, outcomeRight: false });
    expect(c.misses.map((m) => m.what)).toEqual(['income', 'outcome']);
  });
});

describe('evaluate on the fixture set', () => {
  it('replays every conversation and scores the rules provider', async () => {
    const set = await loadEvalSet(FIXTURES);
    const score = await evaluate(set, rulesProvider);
    expect(score.conversations).toBe(set.length);
    expect(score.fieldsTotal).toBe(set.reduce((n, c) => n + Object.keys(c.expect).length - 1, 0));
    expect(score.misses).toEqual([]);
    expect(summaryLine(score)).toBe('eval: fields 100% outcome 100% (rules)');
  });

  it('reports a wrong label as a miss', async () => {
    const [first] = await loadEvalSet(FIXTURES);
    const wrong = { ...first, expect: { ...first.expect, income: first.expect.income! * 2, outcome: 'OPT_OUT' as const } };
    const score = await evaluate([wrong], rulesProvider);
    expect(score.misses.map((m) => m.what)).toEqual(['income', 'outcome']);
    expect(score.outcomesRight).toBe(0);
  });

  it('counts the turns a failing provider left to the rules', async () => {
    const failing: AgentProvider = { name: 'flaky', understand: async () => Promise.reject(new Error('down')) };
    const set = await loadEvalSet(FIXTURES);
    const score = await evaluate(set.slice(0, 2), failing);
    expect(score.provider).toBe('flaky');
    expect(score.fallbacks).toBe(set[0].messages.length + set[1].messages.length);
    expect(summaryLine(score)).toMatch(/^eval: fields \d+% outcome \d+% \(flaky\)$/);
  });
});

describe('npm run eval', () => {
  it('prints the misses table and ends with the summary line in the exact format', async () => {
    const env = { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', INIT_CWD: ROOT };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', RUNNER, 'workers/src/agent/eval/fixtures/qualification-fixtures.json'], { cwd: ROOT, env });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^11 conversations from .*qualification-fixtures\.json; providers: rules$/);
    expect(stdout).toMatch(/rules: fields 72\/72 \(100%\), outcome 11\/11 \(100%\)/);
    expect(lines[lines.length - 1]).toBe('eval: fields 100% outcome 100% (rules)');
  }, 60_000);

  it('fails with a message when the file is not a labelled set', async () => {
    const env = { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', INIT_CWD: ROOT };
    const failure = await run(process.execPath, ['--import', 'tsx', RUNNER, 'package.json'], { cwd: ROOT, env }).catch((err: { code: number; stderr: string }) => err);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(/expected array/i);
  }, 60_000);
});
