import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configuredProviders } from '../providers/index.ts';
import { loadEvalSet } from './eval-set.ts';
import { evaluate, percentOf, replay, summaryLine, type ProviderScore } from './evaluate.ts';

// npm run eval -- [FILE] [--trace ID]
// Replays a labelled set through the agent with each configured provider and
// prints field and outcome accuracy, the misses, then one summary line per provider.

const DEFAULT_SET = fileURLToPath(new URL('../../../eval/qualification-set.json', import.meta.url));

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

function printScore(s: ProviderScore) {
  console.log(`\n${s.provider}: fields ${s.fieldsRight}/${s.fieldsTotal} (${percentOf(s.fieldsRight, s.fieldsTotal)}%), outcome ${s.outcomesRight}/${s.conversations} (${percentOf(s.outcomesRight, s.conversations)}%), fallbacks to rules ${s.fallbacks}`);
  if (!s.misses.length) return;
  console.log('misses:');
  const width = Math.max(...s.misses.map((m) => m.id.length));
  for (const m of s.misses) console.log(`  ${m.id.padEnd(width)}  ${m.what.padEnd(15)} expected ${show(m.expected)}, got ${show(m.got)}`);
}

async function main(argv: string[]) {
  const traceAt = argv.indexOf('--trace');
  const traceId = traceAt >= 0 ? argv[traceAt + 1] : null;
  const positional = argv.filter((a, i) => !a.startsWith('--') && (traceAt < 0 || i !== traceAt + 1));
  // npm runs scripts from the package root; a relative FILE means relative to where the user typed it.
  const file = positional[0] ? resolve(process.env.INIT_CWD ?? process.cwd(), positional[0]) : DEFAULT_SET;
  const set = await loadEvalSet(file);
  const providers = configuredProviders(process.env);
  console.log(`${set.length} conversations from ${file}; providers: ${providers.map((p) => p.name).join(', ')}`);

  if (traceId) {
    const conversation = set.find((c) => c.id === traceId);
    if (!conversation) throw new Error(`no conversation ${traceId} in ${file}`);
    for (const provider of providers) {
      const run = await replay(conversation, provider);
      console.log(`\n[${provider.name}] ${conversation.id}`);
      for (const turn of run.turns) console.log(`> ${turn.message}\n${turn.replies.map((r) => `  < ${r.replace(/\n/g, '\n    ')}`).join('\n')}`);
      console.log(`fields ${JSON.stringify(run.state.fields)}\noutcome ${run.outcome} (${run.state.reason ?? '-'}), expected ${JSON.stringify(conversation.expect)}`);
    }
  }

  const scores: ProviderScore[] = [];
  for (const provider of providers) scores.push(await evaluate(set, provider));
  for (const s of scores) printScore(s);
  console.log('');
  for (const s of scores) console.log(summaryLine(s));
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
