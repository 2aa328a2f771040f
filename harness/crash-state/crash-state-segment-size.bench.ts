/**
 * A crash state costs what it changes, not the size of the files it touches:
 * the same WAL-like trace (120-byte commits, an fdatasync per two) with 4 KiB
 * segments and with 16 MiB preallocated segments (PostgreSQL's size) must
 * build and materialise at about the same rate. Each bench builds every state
 * of every boundary under the model and materialises each one into a fresh
 * in-memory file system, as in-process recovery does.
 * States/s = hz x the state count in the name.
 */
import { bench, describe } from 'vitest';
import { MemFileSystem } from '../../engine/fs/mem-file-system.js';
import { buildCrashStates } from './build-crash-states.js';
import { CRASH_MODELS, type CrashModel } from './crash-models.js';
import { materialiseCrashState } from './materialise-crash-state.js';
import { recordWalLikeTrace } from './test-support/wal-like-trace.js';

const SEGMENT_SIZES_BYTES = [4 * 1024, 16 * 1024 * 1024] as const;
const TRACE_OPERATIONS = 300;

/** Builds and materialises every state; returns the files written so the work cannot be optimised away. */
function buildAndMaterialise(records: ReturnType<typeof recordWalLikeTrace>, models: readonly CrashModel[]): number {
  let filesWritten = 0;
  for (const state of buildCrashStates(records, { models, seed: 7 })) {
    materialiseCrashState(state, new MemFileSystem(), '/data');
    filesWritten += state.files.size;
  }
  return filesWritten;
}

for (const segmentSizeBytes of SEGMENT_SIZES_BYTES) {
  const records = recordWalLikeTrace(TRACE_OPERATIONS, segmentSizeBytes);
  const operationCount = records.filter((record) => record.kind !== 'output' && record.kind !== 'fault').length;
  describe(`${segmentSizeBytes / 1024} KiB segments, ${operationCount} operations`, () => {
    for (const models of [['power-loss'], ['process-crash'], ['torn-sectors'], CRASH_MODELS] as const) {
      const name = models.length === 1 ? models[0] : 'every model';
      bench(`${name}: build + materialise (${(operationCount + 1) * models.length} states)`, () => {
        buildAndMaterialise(records, models);
      }, { iterations: 3, time: 0 });
    }
  });
}
