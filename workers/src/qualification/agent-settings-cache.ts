import { DEFAULT_AGENT_CONFIG, resolveAgentConfig, type AgentConfig } from '@leadwire/agent-config';
import { dataOf, type Logger, type ServiceRequest } from '@leadwire/platform';

// Only the workspace's overrides travel: the worker lays them over the same
// defaults and validates them with the same schema as the subgraph did.
const SETTINGS = /* GraphQL */ `query AgentSettingsForWorker { agentSettings { overrides version } }`;

export interface AgentSettingsCacheOptions {
  request: ServiceRequest;
  log: Logger;
  /** How long a workspace's settings are reused: an edit reaches the agent within this. Default 30 s. */
  ttlMs?: number;
  /** Workspaces kept at once; the least recently fetched go first. Default 1000. */
  maxWorkspaces?: number;
  now?: () => number;
  service?: string;
}

interface Entry {
  config: AgentConfig;
  version: number;
  fetchedAt: number;
}

export type AgentSettingsCache = ReturnType<typeof createAgentSettingsCache>;

/**
 * Each workspace's agent settings, asked of the router at most once per
 * `ttlMs` however many messages arrive (concurrent askers share one request).
 * A workspace that saved nothing gets the defaults. When asking fails, the
 * last settings known are used rather than the defaults, which could tell a
 * lead other rates or rules than the workspace's; with none known, the error
 * propagates and the job is retried.
 */
export function createAgentSettingsCache(opts: AgentSettingsCacheOptions) {
  const ttlMs = opts.ttlMs ?? 30_000;
  const maxWorkspaces = opts.maxWorkspaces ?? 1_000;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<AgentConfig>>();

  async function fetchSettings(workspaceId: string): Promise<AgentConfig> {
    const known = entries.get(workspaceId);
    try {
      const res = await opts.request<{ agentSettings: { overrides: Record<string, unknown>; version: number } }>(
        { workspaceId, service: opts.service ?? 'qualification-worker' },
        SETTINGS,
        {},
      );
      const { overrides, version } = dataOf('agentSettings', res).agentSettings;
      const config = version === 0 ? DEFAULT_AGENT_CONFIG : known?.version === version ? known.config : resolveAgentConfig(overrides);
      entries.delete(workspaceId);
      entries.set(workspaceId, { config, version, fetchedAt: now() });
      if (entries.size > maxWorkspaces) entries.delete(entries.keys().next().value!);
      return config;
    } catch (err) {
      if (!known) throw err;
      opts.log.warn({ workspaceId, version: known.version, err: String(err) }, 'agent settings unavailable; using the last known');
      return known.config;
    }
  }

  return {
    get(workspaceId: string): Promise<AgentConfig> {
      const known = entries.get(workspaceId);
      if (known && now() - known.fetchedAt < ttlMs) return Promise.resolve(known.config);
      let pending = inFlight.get(workspaceId);
      if (!pending) {
        pending = fetchSettings(workspaceId).finally(() => inFlight.delete(workspaceId));
        inFlight.set(workspaceId, pending);
      }
      return pending;
    },
  };
}
