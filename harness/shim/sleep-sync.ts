/**
 * Blocks the calling thread for a while without burning CPU: the shim's
 * latency injection must delay synchronous file-system calls (which cannot
 * await), exactly as a slow disk would block them.
 */
import { assert } from '../../engine/invariants.js';

/** The longest single sleep: a misconfigured latency cannot hang a run for longer. */
export const MAX_SLEEP_MS = 60_000;

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks for `durationMs` milliseconds (fractions allowed), using Atomics.wait on a cell nobody notifies. */
export function sleepSync(durationMs: number): void {
  assert(Number.isFinite(durationMs) && durationMs >= 0 && durationMs <= MAX_SLEEP_MS, `sleepSync duration must be in [0, ${MAX_SLEEP_MS}] ms, got ${durationMs}`);
  if (durationMs === 0) return;
  Atomics.wait(sleepCell, 0, 0, durationMs);
}
