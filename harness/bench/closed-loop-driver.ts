/**
 * A closed-loop load generator: N clients, each committing one record and
 * waiting for its acknowledgement before the next, as an application thread
 * does. Commit latency is measured from the call to the acknowledgement; the
 * first part of the run warms up and is not recorded.
 *
 * Each client writes a small rotating set of its own keys, so the engine's
 * state (and its checkpoints) stays bounded however long the run.
 */
import type { Write } from '../../engine/engine-types.js';
import { assert } from '../../engine/invariants.js';
import { createLatencyHistogram, type LatencyHistogram } from '../disk/latency-histogram.js';
import type { CommitTarget } from './commit-target.js';

/** Limits of one closed-loop run. */
export const CLOSED_LOOP_LIMITS = Object.freeze({
  clientsMax: 1024,
  recordSizeBytesMax: 1024 * 1024,
  /** Keys per client, rotated. */
  keysPerClient: 4,
  /** Warm-up: this share of the run, at most `warmUpMsMax`. */
  warmUpShare: 0.15,
  warmUpMsMax: 300,
  /**
   * A run whose window closed before any measured commit came back (one sync
   * slower than the whole window, as on a loaded machine) goes on until one
   * does, at most this much longer: a figure of zero commits measures nothing.
   */
  overrunMsMax: 10_000,
});

/** Options of `runClosedLoop`. */
export interface ClosedLoopOptions {
  readonly clients: number;
  readonly recordSizeBytes: number;
  readonly durationMs: number;
  /** Transaction ids start here (the engine's log keeps them; any increasing numbers do). */
  readonly firstTx: number;
}

/** What a closed-loop run measured (after warm-up). */
export interface ClosedLoopResult {
  readonly commits: number;
  readonly elapsedNs: number;
  readonly histogram: LatencyHistogram;
  /** Syncs during the measured part, when the target can count them. */
  readonly syncs: number | undefined;
  /**
   * CPU time of THIS process (user + system, microseconds) during the measured
   * part: the engine and the driver when in-process; only the client side when
   * the engine is a child process. Undefined when nothing was measured.
   */
  readonly cpuUs: number | undefined;
  /** The next unused transaction id. */
  readonly nextTx: number;
}

/** Runs `clients` closed-loop clients against `target` for `durationMs` (plus warm-up). */
export async function runClosedLoop(target: CommitTarget, options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  assert(options.clients >= 1 && options.clients <= CLOSED_LOOP_LIMITS.clientsMax, `bad client count ${options.clients}`);
  assert(options.recordSizeBytes >= 1 && options.recordSizeBytes <= CLOSED_LOOP_LIMITS.recordSizeBytesMax, `bad record size ${options.recordSizeBytes}`);
  const value = 'v'.repeat(options.recordSizeBytes);
  const histogram = createLatencyHistogram();
  const warmUpMs = Math.min(CLOSED_LOOP_LIMITS.warmUpMsMax, options.durationMs * CLOSED_LOOP_LIMITS.warmUpShare);
  // performance.now() (a double) rather than hrtime.bigint(): the driver runs in the
  // measured process, and a BigInt per timestamp showed up in its CPU profile.
  const startMs = performance.now();
  const measureFromMs = startMs + warmUpMs;
  const stopAtMs = measureFromMs + options.durationMs;
  let nextTx = options.firstTx;
  let commits = 0;
  let measuring = false;
  let syncsAtStart: number | undefined;
  let cpuAtStart: NodeJS.CpuUsage | undefined;

  const client = async (clientIndex: number): Promise<void> => {
    const keys = Array.from({ length: CLOSED_LOOP_LIMITS.keysPerClient }, (_unused, keyIndex) => `c${clientIndex}-k${keyIndex}`);
    for (let sequence = 0; ; sequence += 1) {
      const issuedMs = performance.now();
      if (issuedMs >= stopAtMs && (commits > 0 || issuedMs >= stopAtMs + CLOSED_LOOP_LIMITS.overrunMsMax)) return;
      if (!measuring && issuedMs >= measureFromMs) {
        // The first client past the warm-up starts the measured part for everyone.
        measuring = true;
        syncsAtStart = target.syncCount();
        cpuAtStart = process.cpuUsage();
      }
      const writes: readonly Write[] = [[keys[sequence % CLOSED_LOOP_LIMITS.keysPerClient]!, value]];
      const tx = nextTx;
      nextTx += 1;
      const wasMeasuring = measuring;
      await target.commit(tx, writes);
      if (wasMeasuring) {
        histogram.recordNs(Math.round((performance.now() - issuedMs) * 1e6));
        commits += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_unused, index) => client(index)));
  const endMs = performance.now();
  const cpu = cpuAtStart === undefined ? undefined : process.cpuUsage(cpuAtStart);
  const syncsAtEnd = target.syncCount();
  const measuredFromMs = Math.min(measureFromMs, endMs);
  return {
    commits,
    elapsedNs: Math.round((endMs - measuredFromMs) * 1e6),
    cpuUs: cpu === undefined ? undefined : cpu.user + cpu.system,
    histogram,
    syncs: syncsAtStart === undefined || syncsAtEnd === undefined ? undefined : syncsAtEnd - syncsAtStart,
    nextTx,
  };
}
