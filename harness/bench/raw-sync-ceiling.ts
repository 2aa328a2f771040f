/**
 * The disk's raw sync ceiling, the yardstick of every engine figure: a loop of
 * `writeSync` + `fdatasyncSync` with no engine at all, in the same directory as
 * the engine, measured in short slices interleaved with the engine's runs (so
 * both see the same disk weather).
 *
 *   append      one 100-byte record appended per fdatasync: the naive WAL
 *   overwrite   one record per fdatasync over preallocated, zero-filled space
 *               (what a WAL with recycled segments does: no size change to journal)
 *   group-B     B records gathered into one append and one fdatasync: the
 *               group-commit ceiling of B concurrent clients
 */
import fs from 'node:fs';
import path from 'node:path';
import { assert } from '../../engine/invariants.js';
import { createLatencyHistogram, type LatencyHistogram } from '../disk/latency-histogram.js';

/** Limits of the raw loops. */
export const RAW_LOOP_LIMITS = Object.freeze({
  /** Overwrites cycle through this much preallocated space. */
  overwriteRegionBytes: 4 * 1024 * 1024,
  /** An append file is truncated back to empty (untimed) at this size. */
  appendFileBytesMax: 64 * 1024 * 1024,
  recordsPerSyncMax: 4096,
  syncsPerSliceMax: 1_000_000,
});

/** One raw loop's shape. */
export interface RawLoopKind {
  readonly placement: 'append' | 'overwrite';
  readonly recordsPerSync: number;
}

/** A raw loop, measured across slices. */
export interface RawLoop {
  readonly kind: RawLoopKind;
  readonly recordSizeBytes: number;
  readonly histogram: LatencyHistogram;
  syncs: number;
  timedNs: number;
  /** Syncs per second of each slice, for the spread. */
  readonly sliceRates: number[];
}

/** Internal state: the loop plus its file. */
interface RawLoopState extends RawLoop {
  readonly filePath: string;
  readonly payload: Buffer;
  offsetBytes: number;
}

/** Creates a raw loop's file in `directory` (preallocated and synced for overwrite loops). */
export function createRawLoop(directory: string, kind: RawLoopKind, recordSizeBytes: number): RawLoop {
  assert(kind.recordsPerSync >= 1 && kind.recordsPerSync <= RAW_LOOP_LIMITS.recordsPerSyncMax, `bad records per sync ${kind.recordsPerSync}`);
  const filePath = path.join(directory, `raw-${kind.placement}-${kind.recordsPerSync}x${recordSizeBytes}`);
  const fd = fs.openSync(filePath, 'w');
  try {
    if (kind.placement === 'overwrite') {
      fs.writeSync(fd, Buffer.alloc(RAW_LOOP_LIMITS.overwriteRegionBytes), 0, RAW_LOOP_LIMITS.overwriteRegionBytes, 0);
      fs.fsyncSync(fd);
    }
  } finally {
    fs.closeSync(fd);
  }
  const payload = Buffer.alloc(recordSizeBytes * kind.recordsPerSync, 0x72);
  const state: RawLoopState = { kind, recordSizeBytes, histogram: createLatencyHistogram(), syncs: 0, timedNs: 0, sliceRates: [], filePath, payload, offsetBytes: 0 };
  return state;
}

/** Runs one slice of a raw loop for about `sliceMs`. */
export function runRawSlice(loop: RawLoop, sliceMs: number): void {
  const state = loop as RawLoopState;
  const fd = fs.openSync(state.filePath, 'r+');
  try {
    const deadlineNs = process.hrtime.bigint() + BigInt(Math.round(sliceMs * 1e6));
    let sliceSyncs = 0;
    let sliceNs = 0;
    for (; sliceSyncs < RAW_LOOP_LIMITS.syncsPerSliceMax; ) {
      const limit = state.kind.placement === 'append' ? RAW_LOOP_LIMITS.appendFileBytesMax : RAW_LOOP_LIMITS.overwriteRegionBytes;
      if (state.offsetBytes + state.payload.length > limit) {
        if (state.kind.placement === 'append') {
          fs.ftruncateSync(fd, 0);
          fs.fsyncSync(fd);
        }
        state.offsetBytes = 0;
      }
      const startNs = process.hrtime.bigint();
      let writtenBytes = 0;
      while (writtenBytes < state.payload.length) {
        writtenBytes += fs.writeSync(fd, state.payload, writtenBytes, state.payload.length - writtenBytes, state.offsetBytes + writtenBytes);
      }
      fs.fdatasyncSync(fd);
      const endNs = process.hrtime.bigint();
      const durationNs = Number(endNs - startNs);
      state.histogram.recordNs(durationNs);
      state.offsetBytes += state.payload.length;
      sliceSyncs += 1;
      sliceNs += durationNs;
      if (endNs >= deadlineNs) break;
    }
    state.syncs += sliceSyncs;
    state.timedNs += sliceNs;
    if (sliceNs > 0) state.sliceRates.push((sliceSyncs * 1e9) / sliceNs);
  } finally {
    fs.closeSync(fd);
  }
}

/** Syncs per second over every slice of a loop. */
export function rawSyncsPerSecond(loop: RawLoop): number {
  return loop.timedNs === 0 ? 0 : (loop.syncs * 1e9) / loop.timedNs;
}
