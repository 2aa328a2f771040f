/**
 * What the recording shim costs.
 *
 * 1. Per operation, without a disk: 100-byte appends on MemFileSystem, bare
 *    and through the recording decorator (trace to a real file, and to memory).
 * 2. On an fsync-bound loop on the real disk: 8 KiB write + fdatasync through
 *    NodeFileSystem, bare and through the composed shim stack, INTERLEAVED
 *    call by call in one run (the disk's run-to-run noise is about +-30%, so only
 *    a side-by-side ratio means anything). The target is at most 10% fewer
 *    syncs/s with recording. Both the preallocated-overwrite pattern (what the
 *    reference engine does) and the append pattern are measured; the ratios are
 *    printed after the run.
 *
 * What to expect: the decorator itself costs nothing measurable; the trace
 * writer costs a fixed 10-20 us per 8 KiB write + sync pair (the CRC-32 of the
 * data, about 3 us, and copying it into the page cache with one writev). The
 * ratio therefore depends on the disk's sync latency: about 0.94 at the 250 us
 * syncs of a typical cloud disk, lower when the disk answers in 60 us.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bench, describe } from 'vitest';
import type { FileHandle } from '../../engine/fs/file-system.js';
import { MemFileSystem } from '../../engine/fs/mem-file-system.js';
import { NodeFileSystem } from '../../engine/fs/node-file-system.js';
import { createBenchScratchDirectory } from '../../engine/test-support/bench-scratch-directory.js';
import { createMemoryTraceSink } from '../trace/trace-sink.js';
import { openTraceWriter } from '../trace/trace-writer.js';
import { composeShimFileSystem } from './compose-shim-file-system.js';
import { RecordingFileSystem } from './recording-file-system.js';

const scratch = createBenchScratchDirectory('unplug-shim-bench-');

/** Files (and traces) restart past this size, so a long run does not fill the disk or memory. */
const FILE_SIZE_BYTES_MAX = 32 * 1024 * 1024;
const SMALL_RECORD = new Uint8Array(100).fill(0x61);
const PAGE_RECORD = new Uint8Array(8192).fill(0x5a);

describe('per operation, no disk: 100-byte append on MemFileSystem', () => {
  const options = { time: 1000, warmupTime: 200 } as const;

  function restartingAppender(open: () => FileHandle): () => void {
    let handle = open();
    return () => {
      if (handle.sizeBytes() >= FILE_SIZE_BYTES_MAX) {
        handle.close();
        handle = open();
      }
      handle.append(SMALL_RECORD);
    };
  }

  const bare = new MemFileSystem();
  bare.mkdirAll('/db');
  bench('bare MemFileSystem', restartingAppender(() => bare.open('/db/f', { create: true, truncate: true })), options);

  const toFile = new MemFileSystem();
  toFile.mkdirAll('/db');
  let writer = openTraceWriter(path.join(scratch, 'per-op.trace'));
  const recordingToFile = new RecordingFileSystem(toFile, { root: '/db', sink: { append: (record) => writer.append(record) } });
  let appendsSinceRestart = 0;
  const appendToFile = restartingAppender(() => recordingToFile.open('/db/f', { create: true, truncate: true }));
  bench(
    'recording, trace to a file (one write(2) per record)',
    () => {
      appendToFile();
      appendsSinceRestart += 1;
      if (appendsSinceRestart * 130 >= FILE_SIZE_BYTES_MAX) {
        writer.close();
        fs.rmSync(path.join(scratch, 'per-op.trace'));
        writer = openTraceWriter(path.join(scratch, 'per-op.trace'));
        appendsSinceRestart = 0;
      }
    },
    options,
  );

  const toMemory = new MemFileSystem();
  toMemory.mkdirAll('/db');
  let sink = createMemoryTraceSink();
  const recordingToMemory = new RecordingFileSystem(toMemory, { root: '/db', sink: { append: (record) => sink.append(record) } });
  const appendToMemory = restartingAppender(() => recordingToMemory.open('/db/f', { create: true, truncate: true }));
  bench(
    'recording, trace to memory',
    () => {
      appendToMemory();
      if (sink.records.length >= 100_000) sink = createMemoryTraceSink();
    },
    options,
  );
});

/** Syncs and time spent of one variant of the interleaved loop. */
interface Tally {
  syncCount: number;
  elapsedNs: bigint;
  /** Per-sync latencies in microseconds (bounded), for a median that shrugs off other processes' bursts. */
  latenciesUs: number[];
}

/** The most latencies one tally keeps. */
const LATENCY_SAMPLES_MAX = 200_000;

function medianLatencyUs(tally: Tally): number {
  const sorted = [...tally.latenciesUs].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function syncsPerSecond(tally: Tally): number {
  return tally.syncCount / (Number(tally.elapsedNs) / 1e9);
}

function timed(tally: Tally, action: () => void): void {
  const startedAt = process.hrtime.bigint();
  action();
  const elapsedNs = process.hrtime.bigint() - startedAt;
  tally.elapsedNs += elapsedNs;
  tally.syncCount += 1;
  if (tally.latenciesUs.length < LATENCY_SAMPLES_MAX) tally.latenciesUs.push(Number(elapsedNs) / 1000);
}

/** One variant's file: overwrite (preallocated, zero-filled) or append, restarting when full. */
function syncLoop(open: (name: string) => FileHandle, name: string, pattern: 'overwrite' | 'append', preallocateBytes: number): () => void {
  let handle = open(name);
  if (pattern === 'overwrite') {
    for (let offset = 0; offset < preallocateBytes; offset += PAGE_RECORD.length) handle.write(new Uint8Array(PAGE_RECORD.length), offset);
    handle.sync('fsync');
  }
  let offsetBytes = 0;
  return () => {
    if (pattern === 'overwrite') {
      handle.write(PAGE_RECORD, offsetBytes);
      offsetBytes = (offsetBytes + PAGE_RECORD.length) % preallocateBytes;
    } else {
      if (handle.sizeBytes() >= FILE_SIZE_BYTES_MAX) {
        handle.close();
        handle = open(name);
      }
      handle.append(PAGE_RECORD);
    }
    handle.sync('fdatasync');
  };
}

/** Where a trace can live: on the data disk, or on a memory-backed file system (a trace need only survive the process). */
const MEMORY_BACKED_DIRECTORY = fs.existsSync('/dev/shm') ? createBenchScratchDirectory('unplug-shim-bench-', '/dev/shm') : undefined;

for (const pattern of ['overwrite', 'append'] as const) {
  describe(`fsync-bound, real disk: 8 KiB ${pattern} + fdatasync, bare and recorded, interleaved`, () => {
    const preallocateBytes = 4 * 1024 * 1024;
    const traceDirectories: ReadonlyArray<readonly [string, string]> = [
      ['trace on the data disk', scratch],
      ...(MEMORY_BACKED_DIRECTORY === undefined ? [] : ([['trace on tmpfs', MEMORY_BACKED_DIRECTORY]] as const)),
    ];
    const variants: Array<{ readonly name: string; readonly step: () => void; readonly tally: Tally; readonly close: () => void }> = [];
    const bareDirectory = fs.mkdtempSync(path.join(scratch, `bare-${pattern}-`));
    const bareFileSystem = new NodeFileSystem();
    variants.push({
      name: 'bare',
      step: syncLoop((name) => bareFileSystem.open(path.join(bareDirectory, name), { create: true, truncate: true }), 'wal', pattern, preallocateBytes),
      tally: { syncCount: 0, elapsedNs: 0n, latenciesUs: [] },
      close: () => {},
    });
    for (const [name, traceDirectory] of traceDirectories) {
      const dataDirectory = fs.mkdtempSync(path.join(scratch, `traced-${pattern}-`));
      const stack = composeShimFileSystem(new NodeFileSystem(), { root: dataDirectory, seed: 1, tracePath: path.join(traceDirectory, `${pattern}-${variants.length}.trace`) });
      variants.push({
        name: `recorded, ${name}`,
        step: syncLoop((file) => stack.fileSystem.open(path.join(dataDirectory, file), { create: true, truncate: true }), 'wal', pattern, preallocateBytes),
        tally: { syncCount: 0, elapsedNs: 0n, latenciesUs: [] },
        close: () => stack.close(),
      });
    }
    let iteration = 0;

    // tinybench calls teardown after the warm-up and after the measured run: report and reset each time.
    let phase = 0;
    const report = (): void => {
      const bare = (variants[0] as (typeof variants)[number]).tally;
      const lines = variants.map(
        ({ name, tally }) =>
          `  ${name}: ${syncsPerSecond(tally).toFixed(0)} syncs/s (${tally.syncCount} syncs), ratio to bare ${(syncsPerSecond(tally) / syncsPerSecond(bare)).toFixed(3)}; ` +
          `median ${medianLatencyUs(tally).toFixed(0)} us, median ratio ${(medianLatencyUs(bare) / medianLatencyUs(tally)).toFixed(3)}`,
      );
      console.log(`shim cost (${phase === 0 ? 'warm-up' : 'measured'}), 8 KiB ${pattern} + fdatasync, interleaved (target: ratio >= 0.90)\n${lines.join('\n')}`);
      phase += 1;
      for (const { tally } of variants) {
        tally.syncCount = 0;
        tally.elapsedNs = 0n;
        tally.latenciesUs.length = 0;
      }
    };

    bench(
      'one write + fdatasync per variant (order rotates)',
      () => {
        // Rotate which variant goes first, so none always follows another's sync.
        for (let offset = 0; offset < variants.length; offset += 1) {
          const variant = variants[(iteration + offset) % variants.length] as (typeof variants)[number];
          timed(variant.tally, variant.step);
        }
        iteration += 1;
      },
      { time: 5000, warmupTime: 300, teardown: report },
    );
  });
}
