import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SERVICE_KEY, readConnectorConfig } from './config.ts';

describe('readConnectorConfig', () => {
  it('defaults: two sessions, the local router, the demo key, the simulator on, loopback', () => {
    const config = readConnectorConfig({}, '/srv/leadwire');
    expect(config.sessions).toEqual([
      { id: 'agent', kind: 'AGENT' },
      { id: 'team', kind: 'TEAM' },
    ]);
    expect(config.apiUrl).toBe('http://127.0.0.1:4000/graphql');
    expect(config.serviceKey).toBe(DEMO_SERVICE_KEY);
    expect(config.port).toBe(4005);
    expect(config.host).toBe('127.0.0.1');
    expect(config.simulator).toEqual({ enabled: true, port: 4010, receiptDelaysMs: [300, 1_200, 3_000] });
    expect(config.spoolRoot).toBe(path.resolve('/srv/leadwire', '.leadwire/spool'));
    expect(config.mediaDir).toBe(path.resolve('/srv/leadwire', '.leadwire/media'));
    expect(config.outbound).toEqual({ intervalMs: 1_500, burst: 3, typingMs: 800, concurrency: 20, lockMs: 30_000 });
  });

  it('reads sessions, pacing and the simulator from the environment', () => {
    const config = readConnectorConfig({
      WHATSAPP_SESSIONS: ' sales:AGENT , support:TEAM,ops:TEAM ',
      OUTBOUND_SEND_INTERVAL_MS: '2000',
      OUTBOUND_SEND_BURST: '1',
      SIMULATOR: '0',
      SIMULATOR_RECEIPT_DELAYS_MS: '1,2,3',
      CONNECTOR_SPOOL_DIR: '/var/spool/connector',
      MEDIA_DIR: 'data/media',
    }, '/srv/leadwire');
    expect(config.sessions.map((s) => `${s.id}:${s.kind}`)).toEqual(['sales:AGENT', 'support:TEAM', 'ops:TEAM']);
    expect(config.outbound).toMatchObject({ intervalMs: 2_000, burst: 1 });
    expect(config.simulator).toMatchObject({ enabled: false, receiptDelaysMs: [1, 2, 3] });
    expect(config.spoolRoot).toBe('/var/spool/connector');
    expect(config.mediaDir).toBe('/srv/leadwire/data/media');
  });

  it('refuses session ids that are not safe directory names, unknown kinds and repeats', () => {
    for (const bad of ['../x:AGENT', 'a/b:TEAM', 'agent:BOSS', 'agent', 'a:AGENT,a:TEAM', ' , ']) {
      expect(() => readConnectorConfig({ WHATSAPP_SESSIONS: bad }), bad).toThrow(/WHATSAPP_SESSIONS/);
    }
  });

  it('in production: simulator off unless SIMULATOR=1, and a real service key required', () => {
    expect(() => readConnectorConfig({ NODE_ENV: 'production' })).toThrow(/LEADWIRE_SERVICE_KEY/);
    expect(() => readConnectorConfig({ NODE_ENV: 'production', LEADWIRE_SERVICE_KEY: DEMO_SERVICE_KEY })).toThrow(/LEADWIRE_SERVICE_KEY/);
    const prod = readConnectorConfig({ NODE_ENV: 'production', LEADWIRE_SERVICE_KEY: 'lw_svc_real' });
    expect(prod.simulator.enabled).toBe(false);
    expect(readConnectorConfig({ NODE_ENV: 'production', LEADWIRE_SERVICE_KEY: 'lw_svc_real', SIMULATOR: '1' }).simulator.enabled).toBe(true);
  });
});
