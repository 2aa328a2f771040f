/**
 * Latency percentiles for the disk check and the benchmarks, kept in an HDR
 * histogram (hdr-histogram-js) so that p99 and p999 are real order statistics
 * at three significant digits, not averages of averages.
 *
 * Values are recorded in nanoseconds (a write to tmpfs takes a few microseconds,
 * so microsecond buckets would round the evidence away) and reported in
 * microseconds with one decimal.
 */
import { build, type Histogram } from 'hdr-histogram-js';
import { assert } from '../../engine/invariants.js';

/** The longest latency the histogram tracks; anything slower is clamped and counted. */
export const LATENCY_NS_MAX = 60_000_000_000;

/** Percentiles every report carries, in microseconds. */
export interface LatencyPercentilesUs {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
}

/** One point of a latency CDF: the share of operations at or below `latencyUs`. */
export type LatencyCdfPoint = readonly [percentile: number, latencyUs: number];

/** The percentiles a CDF plot is drawn through: dense near the tail, where disks differ. */
export const CDF_PERCENTILES = Object.freeze([1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100]);

/** A histogram of operation latencies. */
export interface LatencyHistogram {
  /** Records one operation that took `durationNs` nanoseconds. */
  recordNs(durationNs: number): void;
  /** How many operations were recorded. */
  readonly count: number;
  /** p50, p99, p999 in microseconds (0 when nothing was recorded). */
  percentilesUs(): LatencyPercentilesUs;
  /** The latency at `percentile` (0-100) in microseconds. */
  valueAtPercentileUs(percentile: number): number;
  /** The CDF at `CDF_PERCENTILES`. */
  cdfUs(): readonly LatencyCdfPoint[];
}

/** Rounds nanoseconds to microseconds with one decimal. */
function toMicroseconds(valueNs: number): number {
  return Math.round(valueNs / 100) / 10;
}

/** Creates an empty latency histogram (3 significant digits, 1 ns to 60 s). */
export function createLatencyHistogram(): LatencyHistogram {
  const histogram: Histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: LATENCY_NS_MAX,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
  });
  const valueAtPercentileUs = (percentile: number): number => {
    assert(percentile >= 0 && percentile <= 100, `percentile out of range: ${percentile}`);
    return histogram.totalCount === 0 ? 0 : toMicroseconds(histogram.getValueAtPercentile(percentile));
  };
  return {
    recordNs(durationNs: number): void {
      // Checked before building the message: the bench records one duration per commit.
      if (!Number.isFinite(durationNs) || durationNs < 0) assert(false, `bad duration: ${durationNs}`);
      histogram.recordValue(Math.max(1, Math.min(LATENCY_NS_MAX, Math.round(durationNs))));
    },
    get count(): number {
      return histogram.totalCount;
    },
    percentilesUs: () => ({ p50: valueAtPercentileUs(50), p99: valueAtPercentileUs(99), p999: valueAtPercentileUs(99.9) }),
    valueAtPercentileUs,
    cdfUs: () => CDF_PERCENTILES.map((percentile) => [percentile, valueAtPercentileUs(percentile)] as const),
  };
}
