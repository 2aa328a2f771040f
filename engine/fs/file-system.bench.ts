/**
 * What the FileSystem seam costs on top of raw `node:fs`: 8 KiB append +
 * fdatasync through NodeFileSystem against the same syscalls called directly,
 * on the same disk in the same run (only ratios measured side by side mean
 * anything on a noisy machine), plus MemFileSystem for the in-process explorer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bench, describe } from 'vitest';
import { createBenchScratchDirectory } from '../test-support/bench-scratch-directory.js';
import type { FileHandle, FileSystem } from './file-system.js';
import { MemFileSystem } from './mem-file-system.js';
import { NodeFileSystem } from './node-file-system.js';

const RECORD_SIZE_BYTES = 8192;
/** Files are restarted past this size, so a long run does not fill the disk. */
const FILE_SIZE_BYTES_MAX = 64 * 1024 * 1024;
const BENCH_OPTIONS = { time: 2000, warmupTime: 200 } as const;

const scratch = createBenchScratchDirectory('unplug-fs-bench-');
const record = new Uint8Array(RECORD_SIZE_BYTES).fill(0x5a);

/** Appends one record to a raw node:fs file per call (restarting it past the size limit); returns the descriptor written. */
function rawAppender(filePath: string): () => number {
  let fd = fs.openSync(filePath, 'w+');
  let sizeBytes = 0;
  return () => {
    if (sizeBytes >= FILE_SIZE_BYTES_MAX) {
      fs.closeSync(fd);
      fd = fs.openSync(filePath, 'w+');
      sizeBytes = 0;
    }
    sizeBytes += fs.writeSync(fd, record, 0, record.byteLength, sizeBytes);
    return fd;
  };
}

/** Appends one record through the seam per call (restarting the file past the size limit); returns the handle written. */
function seamAppender(fileSystem: FileSystem, filePath: string): () => FileHandle {
  let handle = fileSystem.open(filePath, { create: true, truncate: true });
  return () => {
    if (handle.sizeBytes() >= FILE_SIZE_BYTES_MAX) {
      handle.close();
      handle = fileSystem.open(filePath, { truncate: true });
    }
    handle.append(record);
    return handle;
  };
}

describe('append 8 KiB + fdatasync', () => {
  const appendRaw = rawAppender(path.join(scratch, 'raw'));
  bench('raw node:fs writeSync + fdatasyncSync', () => fs.fdatasyncSync(appendRaw()), BENCH_OPTIONS);

  const appendThroughNode = seamAppender(new NodeFileSystem(), path.join(scratch, 'seam'));
  bench('NodeFileSystem append + sync(fdatasync)', () => appendThroughNode().sync('fdatasync'), BENCH_OPTIONS);

  const appendThroughMemory = seamAppender(new MemFileSystem(), '/mem');
  bench('MemFileSystem append + sync(fdatasync)', () => appendThroughMemory().sync('fdatasync'), BENCH_OPTIONS);
});

// Without the sync the disk's noise is gone, and what is left is the seam's own CPU cost per call.
describe('append 8 KiB, no sync (the seam overhead alone)', () => {
  const appendRaw = rawAppender(path.join(scratch, 'raw-nosync'));
  bench('raw node:fs writeSync', () => void appendRaw(), BENCH_OPTIONS);

  const appendThroughNode = seamAppender(new NodeFileSystem(), path.join(scratch, 'seam-nosync'));
  bench('NodeFileSystem append', () => void appendThroughNode(), BENCH_OPTIONS);
});
