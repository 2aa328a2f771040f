/**
 * The cells of the bench report's tables, as plain text, shared by the
 * terminal form (`harness/bench/format-bench-report.ts`) and `bench.html`
 * (`render-bench-html.ts`, which escapes them), so the two never disagree on
 * what a column holds.
 */
import type { ArchiveBenchResult, BenchReport, BenchResult, HeadlineRound } from './bench-report.js';

/** Formats a number rounded, with thousands separators. */
export function grouped(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A ratio for display ('n/a' when unknown). */
export function shown(value: number | null, suffix = 'x'): string {
  return value === null ? 'n/a' : `${value.toFixed(2)}${suffix}`;
}

/** Column titles of the reference-engine results table. */
export const BENCH_RESULT_COLUMNS: readonly string[] = Object.freeze(['sync method', 'driver', 'clients', 'record B', 'commits/s', 'p50 us', 'p99 us', 'p999 us', 'commits/sync', 'CPU us/commit']);

/** The plain-text cells of one results row, in `BENCH_RESULT_COLUMNS` order. */
export function benchResultCells(result: BenchResult): string[] {
  return [
    result.durable ? result.syncMethod : `${result.syncMethod} (NOT durable)`,
    result.driver,
    String(result.clients),
    String(result.recordSizeBytes),
    grouped(result.commitsPerSecond),
    result.latencyUs.p50.toFixed(1),
    result.latencyUs.p99.toFixed(1),
    result.latencyUs.p999.toFixed(1),
    result.commitsPerSync === null ? 'n/a' : result.commitsPerSync.toFixed(1),
    micros(result.cpuUsPerCommit),
  ];
}

/** Microseconds for display ('n/a' when unknown). */
function micros(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(1);
}

/** The headline figures as plain-text lines: the ratios, CPU per commit and the round trips. */
export function headlineLines(report: BenchReport): string[] {
  const { ratios, cpuUsPerCommit, roundTripUs } = report;
  return [
    `single client vs raw append+fdatasync: ${shown(ratios.singleClientVsRaw)}; vs raw overwrite+fdatasync: ${shown(ratios.singleClientVsRawOverwrite)}; child process vs raw append: ${shown(ratios.childSingleClientVsRaw)}`,
    `64 clients vs 1: ${shown(ratios.groupScaling64)} (${shown(ratios.commitsPerSync64, '')} commits per sync); vs the raw 64-records-per-sync ceiling: ${shown(ratios.group64VsCeiling)}; child process 64 vs 1: ${shown(ratios.childGroupScaling64)}`,
    `protocol host round trip vs a bare Node echo child: ${shown(ratios.hostRoundTripVsEcho)} (p50 ${micros(roundTripUs.host)} us vs ${micros(roundTripUs.echo)} us, sync off)`,
    `CPU per commit (bench process, engine in it): ${micros(cpuUsPerCommit.clients1)} us at 1 client, ${micros(cpuUsPerCommit.clients64)} us at 64 clients`,
  ];
}

/** Column titles of the headline rounds table. */
export const HEADLINE_ROUND_COLUMNS: readonly string[] = Object.freeze(['round', 'raw append syncs/s', 'raw overwrite syncs/s', 'raw 64/sync records/s', '1 client commits/s', '64 clients commits/s', 'host RTT us', 'echo RTT us']);

/** The plain-text cells of one headline round, in `HEADLINE_ROUND_COLUMNS` order. */
export function headlineRoundCells(round: HeadlineRound, index: number): string[] {
  return [
    String(index + 1),
    grouped(round.rawAppendSyncsPerSecond),
    grouped(round.rawOverwriteSyncsPerSecond),
    grouped(round.rawGroup64RecordsPerSecond),
    grouped(round.singleClientCommitsPerSecond),
    grouped(round.clients64CommitsPerSecond),
    round.hostRoundTripUs.toFixed(1),
    round.echoRoundTripUs.toFixed(1),
  ];
}

/** Column titles of the archiving table (`--archive`). */
export const ARCHIVE_COLUMNS: readonly string[] = Object.freeze(['archiving', 'clients', 'commits/s median', 'min-max', 'vs off', 'p50 us', 'p99 us', 'segments archived per round', 'lag at round end (max)']);

/** The plain-text cells of one archiving row, in `ARCHIVE_COLUMNS` order. */
export function archiveCells(row: ArchiveBenchResult): string[] {
  const archived = row.segmentsArchivedPerRound;
  const worstLag = row.lagAtRoundEnd.reduce((worst, lag) => (lag.lagBytes > worst.lagBytes ? lag : worst), { segmentsWaiting: 0, lagBytes: 0, lagSeconds: 0 });
  return [
    row.archiving === 'off' ? 'off' : 'to a directory',
    String(row.clients),
    grouped(row.commitsPerSecond),
    `${grouped(row.commitsPerSecondSpread.min)}-${grouped(row.commitsPerSecondSpread.max)}`,
    row.archiving === 'off' ? '' : shown(row.ratioToOff),
    row.latencyUs.p50.toFixed(0),
    row.latencyUs.p99.toFixed(0),
    archived.length === 0 ? '' : `${Math.min(...archived)}-${Math.max(...archived)} (${archived.reduce((sum, count) => sum + count, 0)} in all)`,
    row.lagAtRoundEnd.length === 0 ? '' : `${worstLag.segmentsWaiting} seg, ${grouped(worstLag.lagBytes)} B, ${worstLag.lagSeconds.toFixed(2)} s`,
  ];
}

/** The sentence above the archiving table. */
export function archiveCaption(report: BenchReport): string {
  const first = (report.archive ?? [])[0];
  if (first === undefined) return '';
  return `WAL archiving (in-process engine, fdatasync, ${grouped(first.segmentSizeBytes)} B segments, ${grouped(first.recordSizeBytes)} B records, archive directory on the same disk; medians of ${report.archiveRounds ?? 0} paired rounds, 'vs off' is the median of the rounds' ratios):`;
}
