/**
 * The headline ratios, measured as pairs: each round runs the raw append loop,
 * the raw overwrite loop, the engine with one client and the engine with 64
 * clients back to back (fdatasync, small records), and the ratios reported are
 * the medians of the rounds' ratios. On a machine whose sync latency swings by
 * tens of percent from second to second, only ratios of neighbours mean
 * anything; one long engine run divided by one long raw run does not.
 */
import { assert } from '../../engine/invariants.js';
import type { HeadlineRound } from '../../reports/bench/bench-report.js';
import { commitsPerSecond, rounded } from './bench-figures.js';
import { SMALL_RECORD_BYTES } from './bench-plan.js';
import { runClosedLoop } from './closed-loop-driver.js';
import type { CommitTarget } from './commit-target.js';
import { runRawSlice, type RawLoop } from './raw-sync-ceiling.js';

/** Options of `runHeadlineRounds`. */
export interface HeadlineRoundOptions {
  readonly rounds: number;
  readonly pieceMs: number;
  readonly firstTx: number;
}

/** Syncs per second of the slice a raw loop just ran. */
function lastSliceRate(loop: RawLoop): number {
  const rate = loop.sliceRates[loop.sliceRates.length - 1];
  assert(rate !== undefined, 'a raw slice was just run');
  return rate;
}

/** Runs the paired rounds on an fdatasync engine. */
export async function runHeadlineRounds(
  target: CommitTarget,
  rawAppend: RawLoop,
  rawOverwrite: RawLoop,
  options: HeadlineRoundOptions,
): Promise<{ readonly rounds: readonly HeadlineRound[]; readonly nextTx: number }> {
  const rounds: HeadlineRound[] = [];
  let nextTx = options.firstTx;
  for (let round = 0; round < options.rounds; round += 1) {
    runRawSlice(rawAppend, options.pieceMs);
    runRawSlice(rawOverwrite, options.pieceMs);
    const single = await runClosedLoop(target, { clients: 1, recordSizeBytes: SMALL_RECORD_BYTES, durationMs: options.pieceMs, firstTx: nextTx });
    const grouped = await runClosedLoop(target, { clients: 64, recordSizeBytes: SMALL_RECORD_BYTES, durationMs: options.pieceMs, firstTx: single.nextTx });
    nextTx = grouped.nextTx;
    rounds.push({
      rawAppendSyncsPerSecond: rounded(lastSliceRate(rawAppend)),
      rawOverwriteSyncsPerSecond: rounded(lastSliceRate(rawOverwrite)),
      singleClientCommitsPerSecond: rounded(commitsPerSecond(single)),
      clients64CommitsPerSecond: rounded(commitsPerSecond(grouped)),
    });
  }
  return { rounds, nextTx };
}
