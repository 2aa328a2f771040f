/**
 * What the FileSystem seam costs on top of raw `node:fs`: 8 KiB append +
 * fdatasync through NodeFileSystem against the same syscalls called directly,
 * on the same disk in the same run (only ratios measured side by side mean
 * anything on a noisy machine), plus MemFileSystem for the in-process explorer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { MemFileSystem } from './mem-file-system.js';
import { NodeFileSystem } from './node-file-system.js';

const RECORD_SIZE_BYTES = 8192;
/** Files are restarted past this size, so a long run does not fill the disk. */
const FILE_SIZE_BYTES_MAX = 64 * 1024 * 1024;
const BENCH_OPTIONS = { time: 2000, warmupTime: 200 } as const;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-fs-bench-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const record = new Uint8Array(RECORD_SIZE_BYTES).fill(0x5a);

describe('append 8 KiB + fdatasync', () => {
  const rawPath = path.join(scratch, 'raw');
  let rawFd = fs.openSync(rawPath, 'w+');
  let rawSizeBytes = 0;
  bench(
    'raw node:fs writeSync + fdatasyncSync',
    () => {
      if (rawSizeBytes >= FILE_SIZE_BYTES_MAX) {
        fs.closeSync(rawFd);
        rawFd = fs.openSync(rawPath, 'w+');
        rawSizeBytes = 0;
      }
      rawSizeBytes += fs.writeSync(rawFd, record, 0, record.byteLength, rawSizeBytes);
      fs.fdatasyncSync(rawFd);
    },
    BENCH_OPTIONS,
  );

  const nodeFileSystem = new NodeFileSystem();
  const seamPath = path.join(scratch, 'seam');
  let seamHandle = nodeFileSystem.open(seamPath, { create: true, truncate: true });
  bench(
    'NodeFileSystem append + sync(fdatasync)',
    () => {
      if (seamHandle.sizeBytes() >= FILE_SIZE_BYTES_MAX) {
        seamHandle.close();
        seamHandle = nodeFileSystem.open(seamPath, { truncate: true });
      }
      seamHandle.append(record);
      seamHandle.sync('fdatasync');
    },
    BENCH_OPTIONS,
  );

  const memFileSystem = new MemFileSystem();
  let memHandle = memFileSystem.open('/mem', { create: true });
  bench(
    'MemFileSystem append + sync(fdatasync)',
    () => {
      if (memHandle.sizeBytes() >= FILE_SIZE_BYTES_MAX) {
        memHandle.close();
        memHandle = memFileSystem.open('/mem', { truncate: true });
      }
      memHandle.append(record);
      memHandle.sync('fdatasync');
    },
    BENCH_OPTIONS,
  );
});

// Without the sync the disk's noise is gone, and what is left is the seam's own CPU cost per call.
describe('append 8 KiB, no sync (the seam overhead alone)', () => {
  const rawPath = path.join(scratch, 'raw-nosync');
  let rawFd = fs.openSync(rawPath, 'w+');
  let rawSizeBytes = 0;
  bench(
    'raw node:fs writeSync',
    () => {
      if (rawSizeBytes >= FILE_SIZE_BYTES_MAX) {
        fs.closeSync(rawFd);
        rawFd = fs.openSync(rawPath, 'w+');
        rawSizeBytes = 0;
      }
      rawSizeBytes += fs.writeSync(rawFd, record, 0, record.byteLength, rawSizeBytes);
    },
    BENCH_OPTIONS,
  );

  const nodeFileSystem = new NodeFileSystem();
  const seamPath = path.join(scratch, 'seam-nosync');
  let seamHandle = nodeFileSystem.open(seamPath, { create: true, truncate: true });
  bench(
    'NodeFileSystem append',
    () => {
      if (seamHandle.sizeBytes() >= FILE_SIZE_BYTES_MAX) {
        seamHandle.close();
        seamHandle = nodeFileSystem.open(seamPath, { truncate: true });
      }
      seamHandle.append(record);
    },
    BENCH_OPTIONS,
  );
});
