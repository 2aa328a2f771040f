/**
 * The crash-state build rate: every state of a 1,000-operation WAL-like trace
 * (every boundary x every model), recorded on the in-memory file system.
 * Target: at least 5,000 states/s. States/s = hz x the state count in the name.
 */
import { bench, describe } from 'vitest';
import { buildCrashStates } from './build-crash-states.js';
import { CRASH_MODELS, type CrashModel } from './crash-models.js';
import { recordWalLikeTrace } from './test-support/wal-like-trace.js';

const records = recordWalLikeTrace(1_000);
const operationCount = records.filter((record) => record.kind !== 'output' && record.kind !== 'fault').length;

/** Builds every state and returns the number of files seen, so the work cannot be optimised away. */
function buildAll(models: readonly CrashModel[]): number {
  let filesSeen = 0;
  for (const state of buildCrashStates(records, { models, seed: 7 })) filesSeen += state.files.size;
  return filesSeen;
}

describe(`crash states of a ${operationCount}-operation trace`, () => {
  bench(`every boundary x every model (${(operationCount + 1) * CRASH_MODELS.length} states)`, () => {
    buildAll(CRASH_MODELS);
  });
  for (const model of CRASH_MODELS) {
    bench(`every boundary, ${model} (${operationCount + 1} states)`, () => {
      buildAll([model]);
    });
  }
});
