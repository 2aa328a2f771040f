/**
 * The environment that puts an engine under the native shim: LD_PRELOAD of the
 * built library and the UNPLUG_NATIVE_* variables that carry the shim config
 * (documented in c/unplug-native.h). The state file every traced process maps
 * (lock, operation count, pids, fault streams) sits beside the trace and is
 * reset here, so each start counts its crash point from 0, as the Node shim does.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ShimConfig } from '../shim/shim-config.js';
import { nativeShimLibrary } from './build-native-shim.js';
import { encodeNativeFaults } from './native-faults.js';

let stateCounter = 0;

/** The variables to add to an engine's environment so the native shim traces it under `shim` (after `inheritedPreload`'s libraries are the engine's own). */
export function nativeShimEnvironment(shim: ShimConfig, libraryPath: string = nativeShimLibrary(), inheritedPreload: string | undefined = process.env['LD_PRELOAD']): Record<string, string> {
  const faults = encodeNativeFaults(shim);
  stateCounter += 1;
  const statePath = shim.tracePath === undefined ? join(tmpdir(), `unplug-native-${process.pid}-${stateCounter}.state`) : `${shim.tracePath}.native-state`;
  rmSync(statePath, { force: true });
  // The shim's library comes first; the preload list the engine would have had follows it.
  const inherited = inheritedPreload?.trim();
  const environment: Record<string, string> = {
    LD_PRELOAD: inherited === undefined || inherited === '' ? libraryPath : `${libraryPath} ${inherited}`,
    UNPLUG_NATIVE_ROOT: resolve(shim.root),
    UNPLUG_NATIVE_STATE: statePath,
    UNPLUG_NATIVE_SEED: String(Math.trunc(shim.seed)),
    UNPLUG_NATIVE_FAULTS: faults,
    // libuv's io_uring file I/O would bypass the interposer (the shim also fails io_uring_setup).
    UV_USE_IO_URING: '0',
  };
  if (shim.tracePath !== undefined) environment['UNPLUG_NATIVE_TRACE'] = resolve(shim.tracePath);
  if (shim.crashAfterOperation !== undefined) environment['UNPLUG_NATIVE_CRASH_AFTER'] = String(shim.crashAfterOperation);
  return environment;
}
