/**
 * Live violations are shrunk and replay exactly: a live defect scenario's
 * first violation carries a replay line that was shrunk (never to more
 * operations than the original failure), and `unplug replay` of that line
 * fails again with the same property and prints the same line.
 *
 * Child processes run the compiled engine: `npm test` builds first.
 */
import { describe, expect, it } from 'vitest';
import { defectAppendAfterTornTail } from '../../../scenarios/defect-append-after-torn-tail.js';
import { parseReplayTarget, type ReplayTargetValues } from '../../core/replay-target.js';
import type { Scenario } from '../../core/scenario.js';
import { replayViolation } from '../replay/replay-violation.js';
import { runLiveScenario } from './live-scenario.js';
import type { LiveRunResult, LiveRunTarget } from './live-run.js';
import { shrinkLiveRun } from './shrink-live-run.js';

/** The catalogue's live defect scenario: the bug needs a second crash, so its chains are several cycles long. */
const live: Scenario = defectAppendAfterTornTail;

/** The flag values of a printed replay line (`--flag value` pairs; these values need no shell unquoting). */
function replayValues(line: string): ReplayTargetValues {
  const words = line.split(' ').slice(2);
  const values: Record<string, string> = {};
  for (let index = 0; index + 1 < words.length; index += 2) values[(words[index] ?? '').replace(/^--/, '')] = words[index + 1] ?? '';
  return values;
}

describe('live shrinking', () => {
  it('shrinks a live violation to a replay line that fails again, exactly', async () => {
    const report = await runLiveScenario(live, { seed: 1 });
    const first = report.violations[0];
    expect(first, 'the defect was caught').toBeDefined();
    const shrink = /shrunk from (\d+) to (\d+) operations in (\d+) reruns/.exec(first?.crashPoint.description ?? '');
    expect(shrink, first?.crashPoint.description).not.toBeNull();
    const [, before, after, reruns] = (shrink ?? []).map(Number);
    expect(after).toBeLessThanOrEqual(before ?? 0);
    expect(reruns).toBeGreaterThan(0);
    expect(first?.replay).toMatch(/^unplug replay --scenario defect-append-after-torn-tail --seed 1 --run \d+ --cycle \d+/);

    const replayed = await replayViolation(live, parseReplayTarget(replayValues(first?.replay ?? '')));
    expect(replayed?.violations.map((violation) => violation.property)).toContain(first?.property);
    expect(replayed?.violations[0]?.replay).toBe(first?.replay);
  });
});

/**
 * A stand-in for rerunning a chain, so the search itself is checked without
 * processes: three cycles of 40 operations unless pinned; the bug shows in
 * cycle 1 once that cycle ran at least 9 operations and cycle 0 at least 3.
 */
function fakeRerun(target: LiveRunTarget): Promise<LiveRunResult> {
  const lastCycle = target.lastCycle ?? 2;
  const cycleOperations: number[] = [];
  for (let cycle = 0; cycle <= lastCycle; cycle += 1) {
    cycleOperations.push(target.kills?.find(([pinned]) => pinned === cycle)?.[1] ?? 40);
    const fails = cycle === 1 && (cycleOperations[0] ?? 0) >= 3 && (cycleOperations[1] ?? 0) >= 9;
    if (fails) return Promise.resolve({ runIndex: target.runIndex, violations: [], failingCycle: cycle, cycleOperations, kills: target.kills ?? [], cyclesSkipped: 0 });
  }
  return Promise.resolve({ runIndex: target.runIndex, violations: [], cycleOperations, kills: target.kills ?? [], cyclesSkipped: 0 });
}

describe('shrinkLiveRun', () => {
  it('finds the earliest failing cycle and the fewest operations before each kill', async () => {
    const failing = await fakeRerun({ runIndex: 3 });
    const shrunk = await shrinkLiveRun(failing, fakeRerun, Infinity, 64);
    expect(shrunk.target).toEqual({ runIndex: 3, lastCycle: 1, kills: [[0, 5], [1, 9]] });
    expect(shrunk.cut).toBe(false);
  });

  it('stops at its attempt limit, keeps the best line seen, and says it was cut', async () => {
    const failing = await fakeRerun({ runIndex: 0 });
    const shrunk = await shrinkLiveRun(failing, fakeRerun, Infinity, 2);
    expect(shrunk.attempts).toBe(2);
    expect(shrunk.cut).toBe(true);
    expect(shrunk.result.failingCycle).toBe(1);
  });
});
