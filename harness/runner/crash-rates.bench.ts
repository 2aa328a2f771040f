/**
 * The harness's headline rates, for the lead's figures (run with `npm run bench`):
 * live crash cycles per second (real SIGKILLs of the reference engine, target
 * >= 8), explore crash states per second (target >= 2,000) and the time to
 * detect fsync=off (target < 2 s). Rates are printed; nothing is asserted,
 * since machines are noisy.
 */
import { bench, describe } from 'vitest';
import { baselineLive } from '../../scenarios/baseline-live.js';
import { baselinePowerLoss } from '../../scenarios/baseline-power-loss.js';
import { fsyncOff } from '../../scenarios/fsync-off.js';
import { runExploreScenario } from './explore/explore-scenario.js';
import { runLiveScenario } from './live/live-scenario.js';

const rate = (count: number, durationMs: number): string => (count / (Math.max(durationMs, 1) / 1000)).toFixed(1);

describe('crash rates', () => {
  bench(
    'live crash cycles (baseline-live, 4 runs x 3 cycles)',
    async () => {
      const report = await runLiveScenario(baselineLive, { seed: 1, runs: 4 });
      console.log(`live: ${report.counts.crashes} crash cycles in ${report.durationMs} ms = ${rate(report.counts.crashes, report.durationMs)} cycles/s`);
    },
    { iterations: 2, warmupIterations: 0 },
  );

  bench(
    'explore crash states (baseline-power-loss, 100 runs)',
    async () => {
      const report = await runExploreScenario(baselinePowerLoss, { seed: 1, runs: 100 });
      console.log(`explore: ${report.counts.crashStates} crash states in ${report.durationMs} ms = ${rate(report.counts.crashStates, report.durationMs)} states/s`);
    },
    { iterations: 2, warmupIterations: 0 },
  );

  bench(
    'time to detect fsync=off',
    async () => {
      const report = await runLiveScenario(fsyncOff, { seed: 1 });
      console.log(`fsync-off: ${report.verdict} (${report.violationCount} violations) in ${report.durationMs} ms`);
    },
    { iterations: 3, warmupIterations: 0 },
  );
});
