import type { Identity } from '@leadwire/platform';
import type { ExecutionResult } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { createConsultantLeads } from './consultant-leads.ts';

const consultant = (userId: string) => ({ kind: 'user' as const, workspaceId: 'w1', userId, role: 'CONSULTANT' as const });

/** Answers `myAssignedLeadIds` per consultant from a table, optionally held back. */
function assignments(table: Record<string, string[]>) {
  const held: Array<() => void> = [];
  let holding = false;
  const execute = async (identity: Identity): Promise<ExecutionResult> => {
    if (holding) await new Promise<void>((resolve) => held.push(resolve));
    return { data: { myAssignedLeadIds: table[(identity as { userId: string }).userId] ?? [] } };
  };
  return { execute, hold: () => void (holding = true), release: () => { holding = false; held.splice(0).forEach((r) => r()); } };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('consultants’ visible leads', () => {
  it('are read once, then follow who the log says holds each lead', async () => {
    const table = { ana: ['l1', 'l2'], bruno: ['l3'] };
    const leads = createConsultantLeads(assignments(table).execute, vi.fn());
    const ana = leads.take(consultant('ana'), 'ip');
    const bruno = leads.take(consultant('bruno'), 'ip');
    await settle();
    expect([...ana.ids!]).toEqual(['l1', 'l2']);
    leads.observe('l2', 'bruno');
    leads.observe('l1', null);
    leads.observe('l9', 'ana');
    expect([...ana.ids!].sort()).toEqual(['l9']);
    expect([...bruno.ids!].sort()).toEqual(['l2', 'l3']);
  });

  it('keeps what the log said while a list was being read, and wakes its groups for a lead gained meanwhile', async () => {
    const source = assignments({ ana: ['l1'] });
    const gained = vi.fn();
    const leads = createConsultantLeads(source.execute, gained);
    source.hold();
    const ana = leads.take(consultant('ana'), 'ip');
    await settle();
    expect(ana.ids).toBeNull();
    leads.observe('l5', 'ana');
    leads.observe('l1', 'someone-else');
    source.release();
    await settle();
    expect([...ana.ids!]).toEqual(['l5']);
    expect(gained).toHaveBeenCalledWith(ana);
  });

  it('forgets a consultant once their last group closes', async () => {
    const leads = createConsultantLeads(assignments({ ana: ['l1'] }).execute, vi.fn());
    const ana = leads.take(consultant('ana'), 'ip');
    leads.take(consultant('ana'), 'ip');
    await settle();
    leads.release(ana);
    expect(leads.size).toBe(1);
    leads.release(ana);
    expect(leads.size).toBe(0);
  });
});
