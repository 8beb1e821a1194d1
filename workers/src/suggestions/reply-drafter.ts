import type { AgentConfig } from '@leadwire/agent-config';
import { fill, joinList, money, percent } from '../agent/policy/format.ts';
import { decisionMessage, echo, faqAnswer, question } from '../agent/policy/replies.ts';
import type { Lang, LeadFields } from '../agent/types.ts';
import { simulationTold, type ThreadReading } from './read-thread.ts';
import { DRAFT_TEXTS, RATIONALE_TEXTS } from './suggestion-texts.ts';

export interface ReplyDraft {
  body: string;
  rationale: string;
}

export interface DraftContext {
  reading: ThreadReading;
  config: AgentConfig;
  /** The language rationales are written in (the CRM's), whatever the lead's. */
  rationaleLang: Lang;
}

/**
 * Drafts the consultant's next message. The rules drafter composes it from
 * the knowledge base, the reply templates and the agent's own simulation; a
 * model-based drafter (an LLM writing more naturally) implements the same
 * interface and gets the same reading, and the generator falls back to the
 * rules when it fails. Whatever drafts must keep the agent's guardrails:
 * product facts only from the knowledge base and the rules.
 */
export interface ReplyDrafter {
  readonly name: string;
  draft(ctx: DraftContext, signal?: AbortSignal): Promise<ReplyDraft>;
}

/** "Responde pela base…; pede o próximo dado: Renda mensal." — at most 500 characters. */
export function sentence(clauses: string[]): string {
  const text = clauses.join('; ');
  const capped = text.charAt(0).toUpperCase() + text.slice(1);
  return (capped.endsWith('.') ? capped : `${capped}.`).slice(0, 500);
}

/** The step after all the answers are in: the simulation, the documents, or why not. */
function nextStep(ctx: DraftContext, why: string[]): string | null {
  const { reading, config } = ctx;
  const { lang, eligibility, state } = reading;
  const d = DRAFT_TEXTS[lang];
  const r = RATIONALE_TEXTS[ctx.rationaleLang];
  const fields = reading.fields as LeadFields;
  if (!eligibility) return null;
  if (eligibility.outcome === 'QUALIFIED') {
    if (!simulationTold(reading)) {
      const rule = config.productRules[fields.product];
      const sim = eligibility.simulation;
      why.push(r.simulation);
      return fill(d.simulation, {
        financed: money(sim.financed, lang),
        term: rule.termMonths,
        rate: percent(rule.annualRate, lang),
        price: money(sim.priceInstallment, lang),
        sacFirst: money(sim.sacFirstInstallment, lang),
      });
    }
    why.push(r.documents);
    const documents = faqAnswer('documents', config, lang);
    return documents ? fill(d.documents, { documents }) : d.documentsAsk;
  }
  // Told already: saying it again helps nobody.
  if (state?.decisionSent && state.outcome === 'UNQUALIFIED' && state.reason === eligibility.reason) return null;
  why.push(r.unqualified);
  return decisionMessage(fields, eligibility, null, config, lang);
}

/** The deterministic draft: same reading, same words. */
export function draftReply(ctx: DraftContext): ReplyDraft {
  const { reading, config } = ctx;
  const lang = reading.lang;
  const t = config.templates[lang];
  const d = DRAFT_TEXTS[lang];
  const r = RATIONALE_TEXTS[ctx.rationaleLang];
  const labels = config.templates[ctx.rationaleLang].labels;
  if (reading.optOut) return { body: t.goodbye, rationale: sentence([r.goodbye]) };

  const parts: string[] = [];
  const why: string[] = [];
  if (!reading.consultantSpoke) {
    const firstName = reading.fields.name?.split(/\s+/)[0];
    const hello = firstName ? fill(d.helloName, { firstName }) : d.hello;
    parts.push(`${hello} ${reading.complains ? d.apology : d.takingOver}`);
    why.push(r.takeOver);
  } else if (reading.complains) parts.push(d.apology);

  const answers = reading.faqIds.map((id) => faqAnswer(id, config, lang)).filter((a): a is string => a !== null);
  if (answers.length) {
    parts.push(...answers);
    why.push(fill(r.answered, { ids: reading.faqIds.join(', ') }));
  }
  if (reading.openQuestions.length) {
    parts.push(d.checking);
    why.push(r.checking);
  }
  const echoed = echo(reading.recorded, reading.fields, t, lang, false);
  if (echoed) {
    parts.push(echoed);
    why.push(fill(r.recorded, { fields: joinList(reading.recorded.map((f) => labels[f]), r.and) }));
  }
  if (reading.cpfRejected) parts.push(t.cpfInvalid);

  const next = reading.missing[0];
  if (next) {
    // An invalid CPF was just refused with a request to resend it: asking again would repeat it.
    if (!(reading.cpfRejected && next === 'cpf')) parts.push(question(next, reading.fields, t));
    why.push(fill(r.asks, { field: labels[next] }));
  } else {
    const step = nextStep(ctx, why);
    if (step) parts.push(step);
    else if (parts.length <= 1) {
      parts.push(d.stillThere);
      why.push(r.nothingPending);
    }
  }
  return { body: parts.join('\n\n').slice(0, 4096), rationale: sentence(why) };
}

export const rulesReplyDrafter: ReplyDrafter = {
  name: 'rules',
  async draft(ctx) {
    return draftReply(ctx);
  },
};
