/**
 * Turns raw measurements into the report's figures: rates, percentiles,
 * commits per sync, the raw ceiling and the headline ratios.
 */
import type { LatencyHistogram } from '../disk/latency-histogram.js';
import type { BenchRatios, BenchResult, HeadlineRound, RawFigure } from '../../reports/bench/bench-report.js';
import { SMALL_RECORD_BYTES } from './bench-plan.js';
import type { ClosedLoopResult } from './closed-loop-driver.js';
import { rawSyncsPerSecond, type RawLoop } from './raw-sync-ceiling.js';

/** Rounds to `digits` decimals. */
export function rounded(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Commits per second of a closed-loop run. */
export function commitsPerSecond(result: ClosedLoopResult): number {
  return result.elapsedNs === 0 ? 0 : (result.commits * 1e9) / result.elapsedNs;
}

/** Commits per sync, or null when syncs were not counted or there were none. */
export function commitsPerSync(result: ClosedLoopResult): number | null {
  return result.syncs === undefined || result.syncs === 0 ? null : rounded(result.commits / result.syncs, 2);
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Percentiles of a histogram, as the report prints them. */
export function percentiles(histogram: LatencyHistogram): BenchResult['latencyUs'] {
  return histogram.percentilesUs();
}

/** The report's figure for one raw loop. */
export function rawFigure(loop: RawLoop): RawFigure {
  const syncsPerSecond = rawSyncsPerSecond(loop);
  const rates = loop.sliceRates.length === 0 ? [0] : loop.sliceRates;
  return {
    placement: loop.kind.placement,
    recordsPerSync: loop.kind.recordsPerSync,
    syncsPerSecond: rounded(syncsPerSecond),
    recordsPerSecond: rounded(syncsPerSecond * loop.kind.recordsPerSync),
    latencyUs: loop.histogram.percentilesUs(),
    sliceSyncsPerSecond: { min: rounded(Math.min(...rates)), median: rounded(median(rates)), max: rounded(Math.max(...rates)) },
    slices: loop.sliceRates.length,
  };
}

/** A ratio rounded to 3 decimals, or null when either side is missing or zero. */
function ratio(numerator: number | undefined, denominator: number | undefined): number | null {
  return numerator === undefined || denominator === undefined || denominator === 0 ? null : rounded(numerator / denominator, 3);
}

/** The median over rounds of numerator / denominator (rounds with a zero denominator are left out), or null. */
export function medianRoundRatio(rounds: readonly HeadlineRound[], numerator: (round: HeadlineRound) => number, denominator: (round: HeadlineRound) => number): number | null {
  const ratios = rounds.filter((round) => denominator(round) > 0).map((round) => numerator(round) / denominator(round));
  return ratios.length === 0 ? null : rounded(median(ratios), 3);
}

/** The median over rounds of a figure that may be missing (null when every round lacks it). */
export function medianRoundFigure(rounds: readonly HeadlineRound[], figure: (round: HeadlineRound) => number | null): number | null {
  const values = rounds.map(figure).filter((value): value is number => value !== null);
  return values.length === 0 ? null : rounded(median(values), 2);
}

/** CPU microseconds per commit of a closed-loop run, or null when the engine was not in this process. */
export function cpuUsPerCommit(result: ClosedLoopResult, inProcess: boolean): number | null {
  return !inProcess || result.cpuUs === undefined || result.commits === 0 ? null : rounded(result.cpuUs / result.commits, 2);
}

/** The raw ceilings the ratios divide by. */
export interface RatioCeilings {
  readonly rawAppend: RawFigure;
  readonly rawOverwrite: RawFigure;
  /** The raw loop of 64 records per sync, when the run has one. */
  readonly rawGroup64: RawFigure | undefined;
}

/** The headline ratios (fdatasync, small records): from the paired rounds when there are any, else from the matrix cells. */
export function benchRatios(results: readonly BenchResult[], ceilings: RatioCeilings, rounds: readonly HeadlineRound[] = []): BenchRatios {
  const find = (driver: BenchResult['driver'], clients: number): BenchResult | undefined =>
    results.find((result) => result.driver === driver && result.clients === clients && result.syncMethod === 'fdatasync' && result.recordSizeBytes === SMALL_RECORD_BYTES);
  const single = find('in-process', 1) ?? find('child-process', 1);
  const grouped = find('in-process', 64) ?? find('child-process', 64);
  const childSingle = find('child-process', 1);
  const childGrouped = find('child-process', 64);
  const children = {
    commitsPerSync64: grouped?.commitsPerSync ?? null,
    childSingleClientVsRaw: ratio(childSingle?.commitsPerSecond, ceilings.rawAppend.syncsPerSecond),
    childGroupScaling64: ratio(childGrouped?.commitsPerSecond, childSingle?.commitsPerSecond),
  };
  if (rounds.length > 0) {
    return {
      singleClientVsRaw: medianRoundRatio(rounds, (round) => round.singleClientCommitsPerSecond, (round) => round.rawAppendSyncsPerSecond),
      singleClientVsRawOverwrite: medianRoundRatio(rounds, (round) => round.singleClientCommitsPerSecond, (round) => round.rawOverwriteSyncsPerSecond),
      groupScaling64: medianRoundRatio(rounds, (round) => round.clients64CommitsPerSecond, (round) => round.singleClientCommitsPerSecond),
      group64VsCeiling: medianRoundRatio(rounds, (round) => round.clients64CommitsPerSecond, (round) => round.rawGroup64RecordsPerSecond),
      hostRoundTripVsEcho: medianRoundRatio(rounds, (round) => round.hostRoundTripUs, (round) => round.echoRoundTripUs),
      ...children,
      source: 'paired-rounds',
    };
  }
  return {
    singleClientVsRaw: ratio(single?.commitsPerSecond, ceilings.rawAppend.syncsPerSecond),
    singleClientVsRawOverwrite: ratio(single?.commitsPerSecond, ceilings.rawOverwrite.syncsPerSecond),
    groupScaling64: ratio(grouped?.commitsPerSecond, single?.commitsPerSecond),
    group64VsCeiling: ratio(grouped?.commitsPerSecond, ceilings.rawGroup64?.recordsPerSecond),
    hostRoundTripVsEcho: null,
    ...children,
    source: 'matrix-cells',
  };
}
