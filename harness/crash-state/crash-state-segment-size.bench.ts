/**
 * A crash state costs what it changes, not the size of the files it touches:
 * the same WAL-like trace (120-byte commits, an fdatasync per two) with 4 KiB
 * segments and with 16 MiB preallocated segments (PostgreSQL's size) must
 * build at about the same rate. Each bench builds every state of every
 * boundary under the model and digests it, as explore does before it decides
 * whether a state needs recovering. (Materialising into the in-memory file
 * system is left out: its files are flat buffers, so it costs the file size.)
 * States/s = hz x the state count in the name.
 */
import { bench, describe } from 'vitest';
import { buildCrashStates } from './build-crash-states.js';
import { CRASH_MODELS, type CrashModel } from './crash-models.js';
import { StateDigester } from './state-digest.js';
import { recordWalLikeTrace } from './test-support/wal-like-trace.js';

const SEGMENT_SIZES_BYTES = [4 * 1024, 16 * 1024 * 1024] as const;
const TRACE_OPERATIONS = 300;

/** Builds and digests every state; returns the distinct digests so the work cannot be optimised away. */
function buildAndDigest(records: ReturnType<typeof recordWalLikeTrace>, models: readonly CrashModel[]): number {
  const digester = new StateDigester();
  const distinct = new Set<string>();
  for (const state of buildCrashStates(records, { models, seed: 7 })) distinct.add(digester.digest(state));
  return distinct.size;
}

for (const segmentSizeBytes of SEGMENT_SIZES_BYTES) {
  const records = recordWalLikeTrace(TRACE_OPERATIONS, segmentSizeBytes);
  const operationCount = records.filter((record) => record.kind !== 'output' && record.kind !== 'fault').length;
  describe(`${segmentSizeBytes / 1024} KiB segments, ${operationCount} operations`, () => {
    for (const models of [['power-loss'], ['process-crash'], ['torn-sectors'], CRASH_MODELS] as const) {
      const name = models.length === 1 ? models[0] : 'every model';
      bench(`${name}: build + digest (${(operationCount + 1) * models.length} states)`, () => {
        buildAndDigest(records, models);
      }, { iterations: 3, time: 0 });
    }
  });
}
