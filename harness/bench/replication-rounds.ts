/**
 * `unplug bench --replica` measured in paired rounds: the three engines (no
 * replica, an asynchronous one, a synchronous one, each `unplug engine` as a
 * child process) stay up together, and every round runs a short piece of each
 * at 1 and at 64 clients, one after another. A figure is the median over the
 * rounds, so a disk whose speed drifts during the run (or a machine shared
 * with other work) moves all three alike instead of whichever ran last.
 */
import path from 'node:path';
import type { ReplicationBenchResult } from '../../reports/bench/bench-report.js';
import { commitsPerSecond, median, rounded } from './bench-figures.js';
import { REPLICATION_BENCH_MODES, REPLICATION_CLIENTS, SMALL_RECORD_BYTES } from './bench-plan.js';
import { runClosedLoop } from './closed-loop-driver.js';
import type { CommitTarget } from './commit-target.js';
import { openReplicationTarget } from './replication-commit-target.js';

/** Rounds: as many as give each piece about `PIECE_MS`, within these bounds. */
const ROUNDS = Object.freeze({ minimum: 3, maximum: 40 });
const PIECE_MS = 250;

/** Measures the replication variants within `totalMs`; returns one result per variant and client count, and the next free tx. */
export async function measureReplicationRounds(workDirectory: string, seed: number, totalMs: number, firstTx: number): Promise<{ readonly results: ReplicationBenchResult[]; readonly nextTx: number; readonly rounds: number }> {
  const pieces = REPLICATION_BENCH_MODES.length * REPLICATION_CLIENTS.length;
  const rounds = Math.max(ROUNDS.minimum, Math.min(ROUNDS.maximum, Math.floor(totalMs / (pieces * PIECE_MS))));
  const pieceMs = Math.max(50, totalMs / (rounds * pieces));
  const targets = new Map<string, CommitTarget>();
  let nextTx = firstTx;
  try {
    for (const mode of REPLICATION_BENCH_MODES) targets.set(mode, await openReplicationTarget(mode, path.join(workDirectory, `replication-${mode}`), seed));
    const samples = new Map<string, { commitsPerSecond: number[]; p50: number[]; p99: number[]; p999: number[] }>();
    for (let round = 0; round < rounds; round += 1) {
      for (const mode of REPLICATION_BENCH_MODES) {
        for (const clients of REPLICATION_CLIENTS) {
          const target = targets.get(mode);
          if (target === undefined) continue;
          const measured = await runClosedLoop(target, { clients, recordSizeBytes: SMALL_RECORD_BYTES, durationMs: pieceMs, firstTx: nextTx });
          nextTx = measured.nextTx;
          const key = `${mode}/${clients}`;
          const sample = samples.get(key) ?? { commitsPerSecond: [], p50: [], p99: [], p999: [] };
          const latency = measured.histogram.percentilesUs();
          sample.commitsPerSecond.push(commitsPerSecond(measured));
          sample.p50.push(latency.p50);
          sample.p99.push(latency.p99);
          sample.p999.push(latency.p999);
          samples.set(key, sample);
        }
      }
    }
    const results = REPLICATION_BENCH_MODES.flatMap((mode) =>
      REPLICATION_CLIENTS.map((clients): ReplicationBenchResult => {
        const sample = samples.get(`${mode}/${clients}`) ?? { commitsPerSecond: [0], p50: [0], p99: [0], p999: [0] };
        return {
          replication: mode,
          clients,
          recordSizeBytes: SMALL_RECORD_BYTES,
          commitsPerSecond: rounded(median(sample.commitsPerSecond)),
          latencyUs: { p50: rounded(median(sample.p50)), p99: rounded(median(sample.p99)), p999: rounded(median(sample.p999)) },
        };
      }),
    );
    return { results, nextTx, rounds };
  } finally {
    await Promise.all([...targets.values()].map((target) => target.close().catch(() => undefined)));
  }
}
