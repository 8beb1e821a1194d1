import { applySettingsPatch, DEFAULT_AGENT_CONFIG, mergeSettings, unknownSettingPath, zAgentConfig, type AgentConfig } from '@leadwire/agent-config';
import { actorOf, badInput, parseInput, workspaceOf } from '@leadwire/platform';
import type { ConversationsContext } from '../context.ts';
import { ConversationsErrorCode, fail } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';

/** A workspace's settings as the agent uses them, and what the workspace itself changed. */
export interface EffectiveAgentSettings {
  config: AgentConfig;
  /** Only what differs from the defaults, as stored. */
  overrides: Record<string, unknown>;
  /** 0 until the workspace first saves its settings. */
  version: number;
  updatedAt: Date | null;
}

type Stored = { settings: Prisma.JsonValue; version: number; updatedAt: Date } | null;

const asObject = (value: Prisma.JsonValue | undefined): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function effective(row: Stored): EffectiveAgentSettings {
  const overrides = asObject(row?.settings);
  // Stored settings were valid when written; should a later, stricter schema
  // refuse them, failing (and logging the path) beats an agent quietly
  // running on other rules. Saving a fix through updateAgentSettings clears it.
  const config = zAgentConfig.parse(mergeSettings(DEFAULT_AGENT_CONFIG, overrides));
  return { config, overrides, version: row?.version ?? 0, updatedAt: row?.updatedAt ?? null };
}

export async function readAgentSettings(ctx: ConversationsContext): Promise<EffectiveAgentSettings> {
  return effective(await ctx.prisma.agentSettings.findUnique({ where: { workspaceId: workspaceOf(ctx.identity) } }));
}

const isPrismaError = (err: unknown, code: string) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === code;

/**
 * Applies an edit (see `applySettingsPatch`: what it names is set, null puts a
 * setting back to its default) to the workspace's stored overrides. Nothing is
 * written unless the result is valid. With `expectedVersion`, an edit made on
 * settings someone else has changed since is refused (CONFLICT); without it,
 * the edit is applied on top of whatever is stored.
 */
export async function updateAgentSettings(ctx: ConversationsContext, patch: Record<string, unknown>, expectedVersion?: number | null) {
  const workspaceId = workspaceOf(ctx.identity);
  const updatedBy = actorOf(ctx.identity);
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await ctx.prisma.agentSettings.findUnique({ where: { workspaceId } });
    const version = row?.version ?? 0;
    if (expectedVersion != null && expectedVersion !== version) {
      fail(ConversationsErrorCode.AGENT_SETTINGS_CHANGED, `expectedVersion: the settings are at version ${version}`, { field: 'expectedVersion' });
    }
    const overrides = applySettingsPatch(row?.settings, patch);
    // The edit and the defaults read as one document shaped like the input: a bad value is named where the client would put it.
    const config = parseInput(zAgentConfig, mergeSettings(DEFAULT_AGENT_CONFIG, overrides), 'input');
    const unknown = unknownSettingPath(patch, config);
    if (unknown) throw badInput(['input', ...unknown].join('.'), 'is not a setting');
    const settings = overrides as Prisma.InputJsonObject;
    try {
      // The version in the condition is the optimistic lock: a concurrent
      // edit makes this match nothing (P2025) or the create collide (P2002).
      const saved = row
        ? await ctx.prisma.agentSettings.update({ where: { workspaceId, version }, data: { settings, version: version + 1, updatedBy } })
        : await ctx.prisma.agentSettings.create({ data: { workspaceId, settings, version: 1, updatedBy } });
      ctx.log.info({ workspaceId, version: saved.version, changed: Object.keys(patch) }, 'agent settings updated');
      return { config, overrides, version: saved.version, updatedAt: saved.updatedAt } satisfies EffectiveAgentSettings;
    } catch (err) {
      if (!isPrismaError(err, 'P2025') && !isPrismaError(err, 'P2002')) throw err;
      if (expectedVersion != null) fail(ConversationsErrorCode.AGENT_SETTINGS_CHANGED, 'expectedVersion: the settings changed meanwhile', { field: 'expectedVersion' });
    }
  }
  return fail(ConversationsErrorCode.AGENT_SETTINGS_CHANGED, 'the settings kept changing; try again');
}
