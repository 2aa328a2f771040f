/**
 * The headline ratios, measured as pairs: each round runs, back to back, the
 * raw append loop, the raw overwrite loop, the raw 64-records-per-sync loop,
 * the engine with one client and with 64 clients (fdatasync, small records),
 * then one client's round trip through `unplug engine --sync-method off` and
 * through the bare Node echo child (in alternating order). The ratios reported are the medians of the
 * rounds' ratios. On a machine whose sync latency swings by tens of percent
 * from second to second, only ratios of neighbours mean anything; one long
 * engine run divided by one long raw run does not.
 */
import { assert } from '../../engine/invariants.js';
import type { HeadlineRound } from '../../reports/bench/bench-report.js';
import { commitsPerSecond, cpuUsPerCommit, rounded } from './bench-figures.js';
import { SMALL_RECORD_BYTES } from './bench-plan.js';
import { runClosedLoop, type ClosedLoopResult } from './closed-loop-driver.js';
import type { CommitTarget } from './commit-target.js';
import { runRawSlice, type RawLoop } from './raw-sync-ceiling.js';

/** Options of `runHeadlineRounds`. */
export interface HeadlineRoundOptions {
  readonly rounds: number;
  readonly pieceMs: number;
  readonly firstTx: number;
  /** True when the engine runs in this process, so its CPU time per commit can be read. */
  readonly inProcess: boolean;
}

/** What a round runs: the engine, the raw loops, and the two protocol children of the round-trip pair. */
export interface HeadlineTargets {
  readonly engine: CommitTarget;
  readonly rawAppend: RawLoop;
  readonly rawOverwrite: RawLoop;
  readonly rawGroup64: RawLoop;
  /** `unplug engine --sync-method off`: the host's round trip without a sync. */
  readonly host: CommitTarget;
  readonly echo: CommitTarget;
}

/** Syncs per second of the slice a raw loop just ran. */
function lastSliceRate(loop: RawLoop): number {
  const rate = loop.sliceRates[loop.sliceRates.length - 1];
  assert(rate !== undefined, 'a raw slice was just run');
  return rate;
}

/** Runs the paired rounds on an fdatasync engine. */
export async function runHeadlineRounds(targets: HeadlineTargets, options: HeadlineRoundOptions): Promise<{ readonly rounds: readonly HeadlineRound[]; readonly nextTx: number }> {
  const rounds: HeadlineRound[] = [];
  let nextTx = options.firstTx;
  const closedLoop = async (target: CommitTarget, clients: number): Promise<ClosedLoopResult> => {
    const result = await runClosedLoop(target, { clients, recordSizeBytes: SMALL_RECORD_BYTES, durationMs: options.pieceMs, firstTx: nextTx });
    nextTx = result.nextTx;
    return result;
  };
  for (let round = 0; round < options.rounds; round += 1) {
    runRawSlice(targets.rawAppend, options.pieceMs);
    runRawSlice(targets.rawOverwrite, options.pieceMs);
    runRawSlice(targets.rawGroup64, options.pieceMs);
    const single = await closedLoop(targets.engine, 1);
    const grouped = await closedLoop(targets.engine, 64);
    // The round-trip pair alternates its order (ABBA): whichever child runs
    // first inherits the bench process's garbage from the 64-client run, and a
    // fixed order put that cost on the host in every round.
    const hostFirst = round % 2 === 0;
    const first = await closedLoop(hostFirst ? targets.host : targets.echo, 1);
    const second = await closedLoop(hostFirst ? targets.echo : targets.host, 1);
    const [host, echo] = hostFirst ? [first, second] : [second, first];
    rounds.push({
      rawAppendSyncsPerSecond: rounded(lastSliceRate(targets.rawAppend)),
      rawOverwriteSyncsPerSecond: rounded(lastSliceRate(targets.rawOverwrite)),
      rawGroup64RecordsPerSecond: rounded(lastSliceRate(targets.rawGroup64) * targets.rawGroup64.kind.recordsPerSync),
      singleClientCommitsPerSecond: rounded(commitsPerSecond(single)),
      clients64CommitsPerSecond: rounded(commitsPerSecond(grouped)),
      singleClientCpuUsPerCommit: cpuUsPerCommit(single, options.inProcess),
      clients64CpuUsPerCommit: cpuUsPerCommit(grouped, options.inProcess),
      hostRoundTripUs: rounded(host.histogram.percentilesUs().p50, 1),
      echoRoundTripUs: rounded(echo.histogram.percentilesUs().p50, 1),
    });
  }
  return { rounds, nextTx };
}
