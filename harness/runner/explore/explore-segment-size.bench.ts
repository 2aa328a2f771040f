/**
 * Explore mode end to end on the reference engine with 4 KiB and with 16 MiB
 * (PostgreSQL's size, preallocated zero-filled) WAL segments: tracing in
 * process, building and digesting states, recovering each distinct state on
 * the in-memory file system, checking. The in-memory file system stores no
 * preallocated zeros, so tracing and cloning cost what was written, and the
 * engine's recovery reads only a segment's stored prefix and stops its record
 * sweeps there; what remains proportional to the segment size is writing the
 * preallocation's zeros (checked and recorded chunk by chunk) when a segment
 * is created (the budget report below each run shows where the time went).
 * States/s = hz x the state count in the bench's name.
 */
import { bench, describe } from 'vitest';
import { baselinePowerLoss } from '../../../scenarios/baseline-power-loss.js';
import { runExploreScenario } from './explore-scenario.js';

const RUNS = 10;
const SEED = 7;

describe('explore baseline-power-loss, reference engine', () => {
  for (const segmentSizeBytes of [4 * 1024, 16 * 1024 * 1024]) {
    const scenario = { ...baselinePowerLoss, engine: { kind: 'reference' as const, options: { ...baselinePowerLoss.engine.options, segmentSizeBytes } } };
    bench(`${segmentSizeBytes / 1024} KiB segments, ${RUNS} runs`, async () => {
      const report = await runExploreScenario(scenario, { seed: SEED, runs: RUNS, jobs: 1 });
      if (report.verdict !== 'durable') throw new Error(`expected durable, got ${report.verdict}`);
    }, { iterations: 3, time: 0 });
  }
});
