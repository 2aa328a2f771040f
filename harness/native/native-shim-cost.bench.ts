/**
 * What the native shim costs on an fsync-bound loop: a C program writes 8 KiB
 * and fdatasyncs, 200 times, bare and under the shim (recording every write
 * and sync into a trace), INTERLEAVED run by run so the disk's drift hits both
 * alike. Each run times its own loop (process start-up excluded). The ratio of
 * medians is printed after the run; the probe measured about 3 us per
 * recorded call, within the noise of a sync. A second loop writes without
 * syncing (1000 x 100 B), which shows the per-call cost of recording itself.
 */
import { afterAll, bench, describe } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nativeShimEnvironment } from './native-environment.js';
import { buildProgram, tryShimLibrary } from './test-support/native-test-kit.js';

const ITERATIONS = 200;
const WRITE_BYTES = 8192;
const { library } = tryShimLibrary();
const scratch = mkdtempSync(join(tmpdir(), 'unplug-native-cost-'));
const loop = library === undefined ? undefined : buildProgram(scratch, 'fsync-loop', ['fsync-loop.c']);
const bareUs: number[] = [];
const shimUs: number[] = [];
const NOSYNC_ITERATIONS = 1000;
const bareNoSyncUs: number[] = [];
const shimNoSyncUs: number[] = [];

function runLoop(underShim: boolean, variant: readonly string[] = [String(ITERATIONS), String(WRITE_BYTES)]): number {
  const data = join(scratch, underShim ? 'shim' : 'bare');
  rmSync(data, { recursive: true, force: true });
  spawnSync('mkdir', ['-p', data]);
  const env = underShim && library !== undefined ? { ...process.env, ...nativeShimEnvironment({ root: data, tracePath: join(scratch, 'trace.bin'), seed: 1 }, library) } : process.env;
  rmSync(join(scratch, 'trace.bin'), { force: true });
  const result = spawnSync(loop!, [data, ...variant], { env, encoding: 'utf8' });
  return Number(result.stdout.trim());
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

describe(`native shim: ${ITERATIONS} x (${WRITE_BYTES} B write + fdatasync), interleaved`, () => {
  bench(
    'one bare run, then one run under the shim',
    () => {
      if (loop === undefined) return;
      bareUs.push(runLoop(false));
      shimUs.push(runLoop(true));
      const noSync = [String(NOSYNC_ITERATIONS), '100', 'nosync'];
      bareNoSyncUs.push(runLoop(false, noSync));
      shimNoSyncUs.push(runLoop(true, noSync));
    },
    { iterations: 15, warmupIterations: 1, time: 0 },
  );
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  if (bareUs.length === 0) return;
  const bare = median(bareUs);
  const shim = median(shimUs);
  console.log(`native shim cost: bare ${(bare / ITERATIONS).toFixed(1)} us per write+sync, under the shim ${(shim / ITERATIONS).toFixed(1)} us; syncs/s ratio ${(bare / shim).toFixed(3)} (median of ${bareUs.length} interleaved pairs)`);
  const perCallUs = (median(shimNoSyncUs) - median(bareNoSyncUs)) / NOSYNC_ITERATIONS;
  console.log(`native shim cost per recorded 100 B write (no sync): ${perCallUs.toFixed(2)} us (bare ${(median(bareNoSyncUs) / NOSYNC_ITERATIONS).toFixed(2)} us per write)`);
});
