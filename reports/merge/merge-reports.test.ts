// Merging shard reports: counts add up, verdicts and the campaign verdict are
// recomputed, the shard flag disappears; reports of different campaigns are
// refused with a message naming the difference.
import { describe, expect, it } from 'vitest';
import type { CampaignReport, ScenarioReport } from '../report-types.js';
import { SAMPLE_REPORT, SAMPLE_VIOLATION } from '../test-support/sample-campaign-report.js';
import { MergeError, mergeShardReports, type ShardReport } from './merge-reports.js';

const counts = (runs: number): ScenarioReport['counts'] => ({ runs, crashes: runs * 10, crashStates: runs * 12, commitsAcked: runs * 3 });

function scenario(name: string, runs: number, violations = 0): ScenarioReport {
  return {
    name,
    description: name,
    expected: 'durable',
    verdict: violations > 0 ? 'violation' : 'durable',
    violations: Array.from({ length: violations }, () => SAMPLE_VIOLATION),
    violationCount: violations,
    counts: counts(runs),
    durationMs: 100 * runs,
    replay: `unplug explore --scenario ${name} --seed 42`,
    coverage: { cutByTimeBudget: runs === 2, notes: runs === 2 ? ['the time budget cut the run short'] : [] },
  };
}

function shard(index: number, count: number, scenarios: readonly ScenarioReport[], changes: Partial<CampaignReport> = {}): ShardReport {
  return {
    source: `shard-${index}/report.json`,
    report: { ...SAMPLE_REPORT, seed: 42, scenarios, counts: counts(0), durationMs: 1000 * index, replay: `unplug crash --seed 42 --shard ${index}/${count}`, shard: `${index}/${count}`, ...changes },
  };
}

const { shard: _shard, ...unsharded } = SAMPLE_REPORT;

describe('mergeShardReports', () => {
  const shards = [shard(2, 3, [scenario('a', 2), scenario('b', 1, 4)]), shard(1, 3, [scenario('a', 1), scenario('b', 2)]), shard(3, 3, [scenario('a', 1), scenario('b', 1, 1)])];

  it('sums counts per scenario and for the campaign, recomputes verdicts and drops the shard', () => {
    const merged = mergeShardReports(shards);
    expect(merged.shard).toBeUndefined();
    expect(merged.replay).toBe('unplug crash --seed 42');
    expect(merged.scenarios.map((entry) => [entry.name, entry.verdict, entry.counts.runs, entry.violationCount])).toEqual([
      ['a', 'durable', 4, 0],
      ['b', 'violation', 4, 5],
    ]);
    expect(merged.counts).toEqual({ runs: 8, crashes: 80, crashStates: 96, commitsAcked: 24 });
    expect(merged.verdict).toBe('fail');
    expect(merged.durationMs).toBe(3000);
    expect(merged.rates).toEqual({ crashesPerSecond: 26.7, crashStatesPerSecond: 32 });
    // A bounded sample, as a single run keeps: three per property.
    expect(merged.scenarios[1]!.violations).toHaveLength(3);
    expect(merged.scenarios[0]!.coverage).toEqual({ cutByTimeBudget: true, notes: ['shard 2/3: the time budget cut the run short'] });
  });

  it('passes when every merged scenario is as expected', () => {
    const passing = [1, 2].map((index) => shard(index, 2, [scenario('a', 1)]));
    expect(mergeShardReports(passing).verdict).toBe('pass');
  });

  it.each([
    ['another seed', [shard(1, 2, [scenario('a', 1)]), shard(2, 2, [scenario('a', 1)], { seed: 43 })], /shard-2\/report.json is from another campaign: seed 43, but shard-1\/report.json has 42/],
    ['another engine', [shard(1, 2, [scenario('a', 1)]), shard(2, 2, [scenario('a', 1)], { engine: 'node x.mjs' })], /engine "node x.mjs"/],
    ['another --runs', [shard(1, 2, [scenario('a', 1)]), shard(2, 2, [scenario('a', 1)], { replay: 'unplug crash --seed 42 --shard 2/2 --runs 9' })], /shard-2\/report.json is from another campaign: it ran with --runs 9, but shard-1\/report.json with no such flag/],
    ['another shard count', [shard(1, 2, [scenario('a', 1)]), shard(2, 3, [scenario('a', 1)])], /is shard 2\/3, but shard-1\/report.json is one of 2 shards/],
    ['other scenarios', [shard(1, 2, [scenario('a', 1)]), shard(2, 2, [scenario('b', 1)])], /ran other scenarios \(b\) than shard-1\/report.json \(a\)/],
    ['a shard twice', [shard(1, 2, [scenario('a', 1)]), shard(1, 2, [scenario('a', 1)])], /shard 1\/2 is given twice/],
    ['a missing shard', [shard(1, 3, [scenario('a', 1)]), shard(3, 3, [scenario('a', 1)])], /shard 2\/3 missing \(got 2 of 3\)/],
    ['an unsharded report', [{ source: 'r.json', report: unsharded }], /r.json is not a shard report \(its "shard" is null/],
    ['nothing', [], /no reports to merge/],
  ])('refuses %s, naming it', (_what, given, message) => {
    expect(() => mergeShardReports(given)).toThrow(MergeError);
    expect(() => mergeShardReports(given)).toThrow(message);
  });

  it('accepts the same flags in another order', () => {
    const reordered = [shard(1, 2, [scenario('a', 1)], { replay: 'unplug crash --runs 2 --seed 42 --shard 1/2' }), shard(2, 2, [scenario('a', 1)], { replay: 'unplug crash --seed 42 --shard 2/2 --runs 2' })];
    expect(mergeShardReports(reordered).replay).toBe('unplug crash --runs 2 --seed 42');
  });

  it('adds up the faults injected, the time budgets and the coverage tallies of every shard, not the first alone', () => {
    const budget = (ms: number, jobs: number) => ({ tracingMs: ms, buildingMs: ms, recoveringMs: ms, checkingMs: ms, distinctStatesRecovered: ms, statesChecked: 2 * ms, jobs });
    const withFaults = (index: number, fired: number) => {
      const part = { ...scenario('a', 1), faultsInjected: { 'eio-fsync': fired }, budget: budget(index, index), coverage: { cutByTimeBudget: false, notes: [], faultsInjected: { 'eio-fsync': fired } } };
      return shard(index, 2, [part], { budget: budget(10 * index, index) });
    };
    const merged = mergeShardReports([withFaults(1, 3), withFaults(2, 0)]);
    const [only] = merged.scenarios;
    expect(only!.faultsInjected).toEqual({ 'eio-fsync': 3 });
    expect((only!.coverage as unknown as { faultsInjected: unknown }).faultsInjected).toEqual({ 'eio-fsync': 3 });
    expect(only!.budget).toEqual({ tracingMs: 3, buildingMs: 3, recoveringMs: 3, checkingMs: 3, distinctStatesRecovered: 3, statesChecked: 6, jobs: 2 });
    expect(merged.budget).toEqual({ tracingMs: 30, buildingMs: 30, recoveringMs: 30, checkingMs: 30, distinctStatesRecovered: 30, statesChecked: 60, jobs: 2 });
  });

  it('reports a metadata model as violated when any shard found a violation under it', () => {
    const durableBoth = { verdicts: { strict: 'durable', 'ext4-ordered': 'durable' }, summary: 'durable on strict POSIX, durable on ext4-ordered' } as const;
    const lostStrict = { verdicts: { strict: 'violation', 'ext4-ordered': 'durable' }, summary: 'violated (P2, P4) under strict POSIX, durable on ext4-ordered' } as const;
    const merged = mergeShardReports([shard(1, 2, [{ ...scenario('a', 1), metadata: durableBoth }]), shard(2, 2, [{ ...scenario('a', 1, 1), metadata: lostStrict }])]);
    expect(merged.scenarios[0]!.metadata).toEqual({ verdicts: { strict: 'violation', 'ext4-ordered': 'durable' }, summary: 'violated (P2, P4) under strict POSIX, durable on ext4-ordered' });
  });
});
