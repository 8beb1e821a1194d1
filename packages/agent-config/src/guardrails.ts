import { z } from 'zod';
import type { Lang } from './vocabulary.ts';

// Guardrails are asked for and enforced. The text below is what every
// model-based provider is told; the patterns are what the agent's policy
// checks every reply against before it is sent, whichever provider (or
// template, or knowledge-base answer) produced it. Both are a workspace's data.

/** The guardrails every model-based provider is given, as its system prompt's guardrails section. */
export const DEFAULT_GUARDRAILS = `- Stay on topic: financing for real estate or vehicles. Anything else is OFF_TOPIC.
- Never promise or suggest credit approval: approval is decided by the company's rules and credit analysis, not by you.
- Never ask for, or record, passwords, card numbers, CVVs, PINs, security or verification codes.
- Never invent rates, terms, fees or answers: product answers come only from the knowledge base; without one there, a consultant answers.`;

/**
 * Replies are checked after folding (see `foldForGuardrails`): lower case,
 * no accents, every run of punctuation and spaces one space. Patterns are
 * regular expressions over that text, written without accents; "pré-aprovado"
 * reads "pre aprovado", "you're" reads "you re".
 */
export function foldForGuardrails(text: string): string {
  return stripAccents(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const stripAccents = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');

/** A pattern as the policy runs it: accents dropped (as in the folded text), case ignored. */
export const compileGuardrailPattern = (source: string) => new RegExp(stripAccents(source), 'iu');

/**
 * Why a pattern is refused, or null. Patterns run on every reply of every
 * workspace in a shared worker, so one that can backtrack for ever would stall
 * them all: a group repeated without bound and back-references are refused
 * (`(?:\w+ ){0,3}` is fine, `(\w+ )+` is not).
 */
export function guardrailPatternProblem(source: string): string | null {
  try {
    compileGuardrailPattern(source);
  } catch {
    return 'is not a valid regular expression';
  }
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      if (!inClass && /[1-9k]/.test(source[i + 1] ?? '')) return 'must not use back-references';
      i++;
    } else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === ')' && /^(?:[*+]|\{\d*,\})/.test(source.slice(i + 1))) return 'must not repeat a group without bound';
  }
  return null;
}

const zPattern = z
  .string()
  .min(1)
  .max(1000)
  .superRefine((source, ctx) => {
    const problem = guardrailPatternProblem(source);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const zPatterns = z.array(zPattern).max(50).default([]);

/** Guardrail ids are what the decision trail records when one refuses a reply. */
export const GUARDRAIL_ID = /^[A-Z][A-Z0-9_]{1,39}$/;

export const zGuardrailPatterns = z
  .record(z.string().regex(GUARDRAIL_ID, 'must be an id in capitals, e.g. PROMISES_APPROVAL'), z.object({ pt: zPatterns, en: zPatterns }))
  .refine((guards) => Object.keys(guards).length <= 30, 'at most 30 guardrails');
export type GuardrailPatterns = Record<string, Record<Lang, string[]>>;

// A negation, condition or "pré-" just before keeps the word from counting:
// "não foi aprovado", "se for aprovado", "pré-aprovado para análise" (the
// agent's own decision message) promise nothing. Warnings do not ask for
// anything either: "nunca informe sua senha", "never share your password".
const NOT_PT = String.raw`(?<!\b(?:pre|nao|nunca|se|caso|apos|depois|quando|ate)(?: \w+){0,2} )`;
const NOT_EN = String.raw`(?<!\b(?:pre|not|never|t|if|once|when|after|until|unless)(?: \w+){0,2} )`;
const NEVER_PT = String.raw`(?<!\b(?:nao|nunca|jamais|ninguem)(?: \w+){0,4} )`;
const NEVER_EN = String.raw`(?<!\b(?:not|never|t|nobody|no one)(?: \w+){0,4} )`;

const SECRETS_PT = String.raw`(?:senha|pin|cvv|cvc|codigo (?:de )?(?:seguranca|verificacao|confirmacao|acesso)|codigo (?:que|enviado|recebido|do sms|do whatsapp)|(?:numero|dados|validade) (?:\w+ )?do (?:seu )?cartao)`;
const SECRETS_EN = String.raw`(?:password|passcode|pin|cvv|cvc|security code|verification code|confirmation code|one time (?:code|password)|otp|card (?:number|details))`;

export const DEFAULT_GUARDRAIL_PATTERNS: GuardrailPatterns = {
  PROMISES_APPROVAL: {
    pt: [
      String.raw`${NOT_PT}\baprovad[oa]s?\b`,
      String.raw`\baprovacao (?:\w+ ){0,2}(?:garantida|certa|confirmada|imediata|na hora)\b`,
      String.raw`\b(?:garanto|garantimos|garantido|garantida|garantir) (?:\w+ ){0,2}(?:aprovacao|credito|financiamento|emprestimo)\b`,
      String.raw`\bcredito (?:\w+ ){0,2}(?:garantido|liberado)\b`,
    ],
    en: [
      String.raw`${NOT_EN}\bapproved\b`,
      String.raw`\b(?:guaranteed|instant|immediate|certain) (?:\w+ ){0,2}approval\b`,
      String.raw`\bapproval (?:\w+ ){0,2}(?:guaranteed|certain|confirmed)\b`,
      String.raw`\bguarantee (?:\w+ ){0,2}(?:approval|credit|loan|financing)\b`,
    ],
  },
  ASKS_FOR_SECRET: {
    pt: [
      String.raw`${NEVER_PT}\b(?:envie|envia|enviar|mande|manda|mandar|informe|informa|informar|digite|digita|digitar|passe|passa|passar|diga|diz|dizer|fale|fala|compartilhe|compartilha|compartilhar|confirme|confirma|confirmar|preciso|precisamos|qual|quais) (?:\w+ ){0,4}${SECRETS_PT}\b`,
      // The secret asked for last, after something harmless: "seu nome e a senha do app".
      String.raw`${NEVER_PT}\b(?:e|tambem) (?:\w+ ){0,2}${SECRETS_PT}\b`,
    ],
    en: [
      String.raw`${NEVER_EN}\b(?:send|tell|give|share|type|enter|confirm|provide|need|what is|what s|what are|may i have|can i have) (?:\w+ ){0,4}${SECRETS_EN}\b`,
      String.raw`${NEVER_EN}\b(?:and|also) (?:\w+ ){0,2}${SECRETS_EN}\b`,
    ],
  },
};
