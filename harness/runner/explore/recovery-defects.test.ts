/**
 * Crash during recovery finds both reference-engine defects that are recovery
 * bugs, and passes the correct engine, on one configuration: a torn flush
 * across a segment boundary (ZEROING_LAYOUT), explored under
 * power-loss-prefix and power-loss, with every passed state that kept
 * unsynced work (up to 64 a run) recovered under the shim, continued with a
 * follow-on workload and crashed again at every boundary.
 *
 * Each defect must be found ONLY in a recovery run: the first trace has
 * nothing for it to break (a recovery bug needs a recovery), so a finding there
 * would mean the configuration tests something else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DefectName } from '../../../engine/engine-types.js';
import { defectSkipSyncAfterZeroingTornTail, ZEROING_LAYOUT } from '../../../scenarios/defect-skip-sync-after-zeroing-torn-tail.js';
import { createRecoverer } from '../../core/recover-crash-state.js';
import type { Scenario } from '../../core/scenario.js';
import { exploreWorkloadArbitrary } from './explore-scenario.js';
import { exploreWorkload } from './explore-workload.js';

/** The configuration with `defects` switched on (none: the correct engine). */
function withDefects(defects: readonly DefectName[]): Scenario {
  return {
    ...defectSkipSyncAfterZeroingTornTail,
    engine: { kind: 'reference', options: { segmentSizeBytes: ZEROING_LAYOUT.segmentSizeBytes, defects } },
    expected: defects.length === 0 ? 'durable' : 'violation',
  };
}

const SEED = 1;
/** The scenario's own budget: the test explores what the catalogue scenario does. */
const RUNS = defectSkipSyncAfterZeroingTornTail.budget.runs;

/** Explores up to RUNS workloads of the seed (until a recovery run finds something); where the violations were found. */
async function explore(scenario: Scenario): Promise<{ readonly inTrace: number; readonly inRecoveryRun: number; readonly recoveryRuns: number }> {
  const recover = createRecoverer(scenario.engine);
  const workloads = fc.sample(exploreWorkloadArbitrary(scenario), { seed: SEED, numRuns: RUNS });
  let inTrace = 0;
  let inRecoveryRun = 0;
  let recoveryRuns = 0;
  for (const [runIndex, workload] of workloads.entries()) {
    const exploration = await exploreWorkload(scenario, workload, SEED, runIndex, recover, { stopAtFirstViolation: true });
    inTrace += exploration.result.findings.length;
    recoveryRuns += exploration.recoveries.length;
    for (const recovery of exploration.recoveries) inRecoveryRun += recovery.result.findings.length;
    // A defect found is enough; the correct engine goes through every run.
    if (inRecoveryRun > 0) break;
  }
  return { inTrace, inRecoveryRun, recoveryRuns };
}

describe('crash during recovery finds the recovery defects', () => {
  it.each<DefectName>(['append-after-torn-tail', 'skip-sync-after-zeroing-torn-tail'])('finds %s in a recovery run, never in the first trace', async (defect) => {
    const found = await explore(withDefects([defect]));
    expect(found.inTrace).toBe(0);
    expect(found.inRecoveryRun).toBeGreaterThan(0);
  });

  it('passes the correct engine through the same explorations', async () => {
    const found = await explore(withDefects([]));
    // Recovery runs did happen, so the pass is not vacuous.
    expect(found.recoveryRuns).toBeGreaterThan(RUNS);
    expect(found).toMatchObject({ inTrace: 0, inRecoveryRun: 0 });
  });
});
