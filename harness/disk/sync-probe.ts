/**
 * The pg_test_fsync-style probes of `unplug disk`: 8 KiB writes to a file in
 * the directory under test, each made durable by one sync method, timed one by
 * one. Every method runs in several short slices taken in turn (round robin),
 * so a burst of background I/O lands on all of them rather than on one, and the
 * unsynced-write baseline is measured in the same run as the syncs it is
 * compared with.
 *
 * Placement matters on ext4 and most journaling file systems: a write that
 * grows the file makes fdatasync commit the journal too, so an append syncs
 * about half as fast as an overwrite of preallocated (zero-filled) space.
 */
import fs from 'node:fs';
import path from 'node:path';
import { assert, assertNever } from '../../engine/invariants.js';
import { createLatencyHistogram, type LatencyHistogram } from './latency-histogram.js';

/** How a probe makes its write durable. */
export type ProbeSync = 'none' | 'fdatasync' | 'fsync' | 'open_datasync' | 'open_sync';

/** Where a probe writes: over preallocated space, or at the end of a growing file. */
export type ProbePlacement = 'overwrite' | 'append';

/** One row of the disk table. */
export interface ProbeMethod {
  /** The row's name in reports, e.g. `fdatasync-overwrite`. */
  readonly name: string;
  readonly sync: ProbeSync;
  readonly placement: ProbePlacement;
}

/** The rows of `unplug disk`, in the order printed; the first two are the unsynced baselines. */
export const PROBE_METHODS: readonly ProbeMethod[] = Object.freeze([
  { name: 'write-no-sync', sync: 'none', placement: 'overwrite' },
  { name: 'write-no-sync-append', sync: 'none', placement: 'append' },
  { name: 'fdatasync-overwrite', sync: 'fdatasync', placement: 'overwrite' },
  { name: 'fdatasync-append', sync: 'fdatasync', placement: 'append' },
  { name: 'fsync-overwrite', sync: 'fsync', placement: 'overwrite' },
  { name: 'fsync-append', sync: 'fsync', placement: 'append' },
  { name: 'open_datasync-overwrite', sync: 'open_datasync', placement: 'overwrite' },
  { name: 'open_datasync-append', sync: 'open_datasync', placement: 'append' },
  { name: 'open_sync-overwrite', sync: 'open_sync', placement: 'overwrite' },
] as const);

/** Limits of the probes. */
export const PROBE_LIMITS = Object.freeze({
  /** The write size, PostgreSQL's XLOG_BLCKSZ as pg_test_fsync uses. */
  writeSizeBytes: 8192,
  /** Overwrites cycle through this much preallocated space. */
  overwriteRegionBytes: 1024 * 1024,
  /** An append file is truncated back to empty (untimed) when it reaches this size. */
  appendFileBytesMax: 64 * 1024 * 1024,
  /** Slices per method: each method runs this many times, interleaved with the others. */
  rounds: 3,
  /** No slice records more operations than this, however fast the "disk". */
  operationsPerSliceMax: 2_000_000,
});

/** What one probe measured. */
export interface ProbeMeasurement {
  readonly method: ProbeMethod;
  readonly operations: number;
  readonly timedNs: number;
  readonly histogram: LatencyHistogram;
}

/** Options of `runSyncProbes`. */
export interface SyncProbeOptions {
  /** The directory under test; probe files go in a private subdirectory that is removed afterwards. */
  readonly directory: string;
  /** Total time budget of every probe together. */
  readonly durationMs: number;
  /** @defaultValue PROBE_METHODS */
  readonly methods?: readonly ProbeMethod[];
}

/** The open(2) flags of a probe's file. */
function openFlags(sync: ProbeSync): number {
  const base = fs.constants.O_WRONLY | fs.constants.O_CREAT;
  switch (sync) {
    case 'none':
    case 'fdatasync':
    case 'fsync':
      return base;
    case 'open_datasync':
      return base | fs.constants.O_DSYNC;
    case 'open_sync':
      return base | fs.constants.O_SYNC;
    default:
      return assertNever(sync, 'probe sync');
  }
}

/** Zero-fills the overwrite region and makes it durable, so overwrites do not change the file's size. */
function preallocate(filePath: string): void {
  const fd = fs.openSync(filePath, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC);
  try {
    const zeros = Buffer.alloc(PROBE_LIMITS.overwriteRegionBytes);
    let writtenBytes = 0;
    while (writtenBytes < zeros.length) writtenBytes += fs.writeSync(fd, zeros, writtenBytes, zeros.length - writtenBytes, writtenBytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes all of `buffer` at `offsetBytes` (a short write is continued, as a WAL would). */
function writeFully(fd: number, buffer: Buffer, offsetBytes: number): void {
  let writtenBytes = 0;
  while (writtenBytes < buffer.length) {
    writtenBytes += fs.writeSync(fd, buffer, writtenBytes, buffer.length - writtenBytes, offsetBytes + writtenBytes);
  }
}

/** Mutable per-method state across slices. */
interface ProbeState {
  readonly method: ProbeMethod;
  readonly filePath: string;
  readonly histogram: LatencyHistogram;
  operations: number;
  timedNs: number;
  nextOffsetBytes: number;
}

/** Runs one slice of one probe for about `sliceMs`. */
function runSlice(state: ProbeState, buffer: Buffer, sliceMs: number): void {
  const { method } = state;
  const fd = fs.openSync(state.filePath, openFlags(method.sync));
  try {
    const deadlineNs = process.hrtime.bigint() + BigInt(Math.round(sliceMs * 1e6));
    for (let operation = 0; operation < PROBE_LIMITS.operationsPerSliceMax; operation += 1) {
      if (method.placement === 'append' && state.nextOffsetBytes >= PROBE_LIMITS.appendFileBytesMax) {
        fs.ftruncateSync(fd, 0);
        fs.fsyncSync(fd);
        state.nextOffsetBytes = 0;
      }
      const startNs = process.hrtime.bigint();
      writeFully(fd, buffer, state.nextOffsetBytes);
      if (method.sync === 'fdatasync') fs.fdatasyncSync(fd);
      else if (method.sync === 'fsync') fs.fsyncSync(fd);
      const endNs = process.hrtime.bigint();
      const durationNs = Number(endNs - startNs);
      state.histogram.recordNs(durationNs);
      state.operations += 1;
      state.timedNs += durationNs;
      state.nextOffsetBytes += buffer.length;
      if (method.placement === 'overwrite' && state.nextOffsetBytes >= PROBE_LIMITS.overwriteRegionBytes) state.nextOffsetBytes = 0;
      if (endNs >= deadlineNs) break;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** A deterministic, incompressible-enough payload (content does not matter to ext4, but it does to compressing file systems). */
function probePayload(): Buffer {
  const buffer = Buffer.alloc(PROBE_LIMITS.writeSizeBytes);
  let state = 0x9e3779b9;
  for (let index = 0; index < buffer.length; index += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    buffer[index] = state >>> 24;
  }
  return buffer;
}

/** Runs every probe, interleaved, within `durationMs`, and returns one measurement per method. */
export function runSyncProbes(options: SyncProbeOptions): readonly ProbeMeasurement[] {
  const methods = options.methods ?? PROBE_METHODS;
  assert(methods.length > 0, 'no probe methods');
  assert(options.durationMs > 0, `bad probe duration ${options.durationMs}`);
  const workDirectory = fs.mkdtempSync(path.join(options.directory, 'unplug-disk-'));
  try {
    const states: ProbeState[] = methods.map((method, index) => {
      const filePath = path.join(workDirectory, `probe-${index}-${method.name}`);
      if (method.placement === 'overwrite') preallocate(filePath);
      else fs.closeSync(fs.openSync(filePath, 'w'));
      return { method, filePath, histogram: createLatencyHistogram(), operations: 0, timedNs: 0, nextOffsetBytes: 0 };
    });
    const buffer = probePayload();
    const sliceMs = options.durationMs / (PROBE_LIMITS.rounds * methods.length);
    for (let round = 0; round < PROBE_LIMITS.rounds; round += 1) {
      for (const state of states) runSlice(state, buffer, sliceMs);
    }
    return states.map(({ method, operations, timedNs, histogram }) => ({ method, operations, timedNs, histogram }));
  } finally {
    fs.rmSync(workDirectory, { recursive: true, force: true });
  }
}

/** Operations per second of a measurement (0 when nothing ran). */
export function operationsPerSecond(measurement: ProbeMeasurement): number {
  return measurement.timedNs === 0 ? 0 : (measurement.operations * 1e9) / measurement.timedNs;
}
