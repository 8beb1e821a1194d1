import { DEFAULT_AGENT_CONFIG, type AgentConfig } from '@leadwire/agent-config';
import { rulesProvider } from '../agent/providers/rules-provider.ts';
import type { AgentProvider, AgentState, Lang } from '../agent/types.ts';
import { DEFAULT_FOLLOW_UP, followUpTime, type FollowUpOptions } from './business-hours.ts';
import { nextBestAction, type SuggestedAction } from './next-action.ts';
import { readThread, type LeadMessage, type ThreadReading } from './read-thread.ts';
import { rulesReplyDrafter, type ReplyDraft, type ReplyDrafter } from './reply-drafter.ts';
import { RATIONALE_TEXTS } from './suggestion-texts.ts';

export interface SuggestionOptions {
  /** The workspace's agent settings: knowledge base, templates, product rules. */
  config?: AgentConfig;
  /** Reads the lead's messages; the rules provider by default, and the fallback of any other. */
  understanding?: AgentProvider;
  /** Writes the reply draft; the rules drafter by default, and the fallback of any other. */
  drafter?: ReplyDrafter;
  followUp?: FollowUpOptions;
  /** The language of rationales: the CRM's. */
  rationaleLang?: Lang;
  onFallback?: (what: 'understanding' | 'drafter', err: unknown) => void;
}

export interface SuggestionInput {
  conversationId: string;
  /** The agent's stored dialogue state, null when it has none. */
  state: AgentState | null;
  /** The lead's recent messages on every thread, any order. */
  messages: LeadMessage[];
  now: Date;
}

export type SuggestionDraft =
  | { kind: 'REPLY'; body: string; rationale: string }
  | { kind: 'NEXT_ACTION'; action: SuggestedAction; rationale: string }
  | { kind: 'FOLLOW_UP'; followUpAt: string; rationale: string };

export interface GeneratedSuggestions {
  sourceMessageId: string;
  /** What drafted the reply: "rules", or the drafter's name. */
  provider: string;
  lang: Lang;
  drafts: SuggestionDraft[];
}

async function read(input: SuggestionInput, config: AgentConfig, options: SuggestionOptions): Promise<ThreadReading | null> {
  const understanding = options.understanding ?? rulesProvider;
  try {
    return await readThread(input.conversationId, input.state, input.messages, config, understanding);
  } catch (err) {
    if (understanding === rulesProvider) throw err;
    options.onFallback?.('understanding', err);
    return readThread(input.conversationId, input.state, input.messages, config, rulesProvider);
  }
}

async function draft(reading: ThreadReading, config: AgentConfig, rationaleLang: Lang, options: SuggestionOptions): Promise<ReplyDraft & { by: string }> {
  const drafter = options.drafter ?? rulesReplyDrafter;
  const ctx = { reading, config, rationaleLang };
  try {
    const made = await drafter.draft(ctx);
    if (!made.body.trim()) throw new Error(`${drafter.name} drafted an empty reply`);
    return { ...made, by: drafter.name };
  } catch (err) {
    if (drafter === rulesReplyDrafter) throw err;
    options.onFallback?.('drafter', err);
    return { ...(await rulesReplyDrafter.draft(ctx)), by: rulesReplyDrafter.name };
  }
}

/**
 * What a consultant could do about the newest lead message of a thread a
 * person has: a reply draft in the lead's language, the next best action and,
 * unless the lead is to be closed, when to follow up. Null when there is
 * nothing to answer. Deterministic with the rules (given `now`).
 */
export async function generateSuggestions(input: SuggestionInput, options: SuggestionOptions = {}): Promise<GeneratedSuggestions | null> {
  const config = options.config ?? DEFAULT_AGENT_CONFIG;
  const rationaleLang = options.rationaleLang ?? 'pt';
  const reading = await read(input, config, options);
  if (!reading) return null;
  const reply = await draft(reading, config, rationaleLang, options);
  const next = nextBestAction(reading, config, rationaleLang);
  const drafts: SuggestionDraft[] = [
    { kind: 'REPLY', body: reply.body, rationale: reply.rationale },
    { kind: 'NEXT_ACTION', action: next.action, rationale: next.rationale },
  ];
  if (next.action !== 'CLOSE_LOST') {
    const followUp = followUpTime(input.now, new Date(reading.source.createdAt), options.followUp ?? DEFAULT_FOLLOW_UP);
    const r = RATIONALE_TEXTS[rationaleLang];
    drafts.push({ kind: 'FOLLOW_UP', followUpAt: followUp.at.toISOString(), rationale: followUp.sameDay ? r.activeLead : r.nextMorning });
  }
  return { sourceMessageId: reading.source.id, provider: reply.by, lang: reading.lang, drafts };
}
