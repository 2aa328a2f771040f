/**
 * Crash during recovery in explore mode: a recovery bug that only a second
 * crash shows (append-after-torn-tail) is found by crashing the traced
 * recovery run of a torn state, its replay line reproduces it exactly, and the
 * correct engine passes the same exploration.
 */
import { describe, expect, it } from 'vitest';
import { defectAppendAfterTornTail } from '../../../scenarios/defect-append-after-torn-tail.js';
import { parseReplayTarget } from '../../core/replay-target.js';
import type { Scenario } from '../../core/scenario.js';
import { replayViolation } from '../replay/replay-violation.js';
import { runExploreScenario } from './explore-scenario.js';

const defective: Scenario = { ...defectAppendAfterTornTail, mode: 'explore' };
const correct: Scenario = { ...defective, engine: { kind: 'reference', options: { segmentSizeBytes: 64 * 1024 } }, expected: 'durable' };

/** The flag values of a printed replay line (`--flag value` pairs; these values need no shell unquoting). */
function replayValues(line: string): Record<string, string> {
  const words = line.split(' ').slice(2);
  const values: Record<string, string> = {};
  for (let index = 0; index + 1 < words.length; index += 2) values[(words[index] ?? '').replace(/^--/, '')] = (words[index + 1] ?? '').replace(/^'(.*)'$/, '$1');
  return values;
}

describe('explore crashes the recovery run too', () => {
  it('finds append-after-torn-tail in a recovery run, and its replay line reproduces it', async () => {
    const report = await runExploreScenario(defective, { seed: 3 });
    const inRecovery = report.violations.find((violation) => violation.crashPoint.description.includes('recovery run'));
    expect(inRecovery, report.violations[0]?.message ?? 'no violation').toBeDefined();
    expect(inRecovery?.replay).toMatch(/--recovery-boundary \d+ --recovery-model /);
    const target = parseReplayTarget(replayValues(inRecovery?.replay ?? ''));
    const replayed = await replayViolation(defective, target);
    expect(replayed?.violations.map((violation) => violation.property)).toContain(inRecovery?.property);
  });

  it('passes the correct engine through the same exploration', async () => {
    for (const seed of [1, 3]) expect((await runExploreScenario(correct, { seed })).violations).toEqual([]);
  });
});
