/**
 * The Node preload shim: `node --import <dist/bundles/preload.js>
 * program.js` traces an unmodified Node program into the trace format of
 * `harness/trace/trace-format.ts`, injects the configured faults and kills the
 * process at the configured crash point. Configured by `UNPLUG_SHIM` (a JSON
 * `ShimConfig`); without it the module does nothing. The harness sets
 * `NODE_OPTIONS="--import <this file>"` and `UNPLUG_SHIM` for `--engine "node ..."`.
 * With `controlFd` in the config, the harness can move a reused engine on to
 * its next traced run (`retarget-channel.ts`).
 *
 * COVERED (under `root` only; everything else passes through untouched):
 * - node:fs sync: openSync, writeSync, writevSync, writeFileSync, appendFileSync,
 *   ftruncateSync, truncateSync, fsyncSync, fdatasyncSync, renameSync,
 *   unlinkSync, mkdirSync, closeSync (readSync only moves the tracked position);
 * - node:fs callbacks: open, write, writev, writeFile, appendFile, fsync,
 *   fdatasync, ftruncate, truncate, rename, unlink, mkdir, close (read: position);
 * - fs.promises: open, writeFile, appendFile, truncate, rename, unlink, mkdir,
 *   and FileHandle write, writev, writeFile, appendFile, sync, datasync,
 *   truncate, close (read: position);
 * - fs.createWriteStream (it calls the patched open, write, writev, fsync, close);
 * - directory fsync through a descriptor or FileHandle opened on a directory;
 * - `import { writeSync } from 'node:fs'` and the like (syncBuiltinESMExports);
 * - process.stdout.write and console.log: one 'output' record per line.
 * Faults (the decider is consulted for write, sync and sync-directory only):
 * EIO on fsync/fdatasync with Linux semantics (the call fails, nothing is
 * synced, a 'fault' record tells the crash-state builder to drop the file's
 * dirty data; a later sync is not failed unless targeted), EIO and ENOSPC on
 * write (nothing written), short writes, latency (a blocking sleep in sync
 * calls, a timer before async ones).
 *
 * NOT COVERED (see README.md): mmap, native addons and anything that calls
 * libuv or the kernel without node:fs (the native LD_PRELOAD shim is for those),
 * worker threads (their node:fs is not patched), child processes (they inherit
 * NODE_OPTIONS but not UNPLUG_SHIM, so they are not traced), fs.cp/copyFile,
 * rm/rmdir, link/symlink, fs.promises.writeFile on a stream of data to a
 * path outside a handle (traced via the handle), the internals of streams beyond
 * the calls above, and writes to fd 1 through fs.writeSync (not 'output').
 */
import fs from 'node:fs';
import module from 'node:module';
import { SHIM_CONFIG_ENVIRONMENT_VARIABLE } from '../shim/shim-config.js';
import { sleepSync } from '../shim/sleep-sync.js';
import { patchCallbackApi } from './patch-callback-api.js';
import { patchPromiseApi } from './patch-promise-api.js';
import { patchStandardOutput } from './patch-standard-output.js';
import { patchSyncApi } from './patch-sync-api.js';
import type { PatchableObject } from './patchable.js';
import { PreloadSession } from './preload-session.js';
import { readPreloadConfig } from './read-preload-config.js';
import { serveRetargetChannel, sessionTargetOf } from './retarget-channel.js';

const config = readPreloadConfig(process.env);
if (config !== undefined) {
  // Child processes inherit NODE_OPTIONS, so they load this module too: without the
  // config they stay untraced instead of interleaving records into this trace.
  delete process.env[SHIM_CONFIG_ENVIRONMENT_VARIABLE];
  const first = sessionTargetOf(config);
  const session = new PreloadSession(first, sleepSync);
  // stdout first: touching process.stdout loads its stream with the original fs functions.
  if (first.trace !== undefined || config.controlFd !== undefined) patchStandardOutput(session);
  const fsModule = fs as unknown as PatchableObject;
  patchSyncApi(session, fsModule);
  patchCallbackApi(session, fsModule);
  await patchPromiseApi(session, fs.promises as unknown as PatchableObject);
  module.syncBuiltinESMExports();
  process.on('exit', () => session.close());
  if (config.controlFd !== undefined) serveRetargetChannel(session, config.controlFd);
}
