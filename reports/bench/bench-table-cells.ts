/**
 * The cells of the bench report's tables, as plain text, shared by the
 * terminal form (`harness/bench/format-bench-report.ts`) and `bench.html`
 * (`render-bench-html.ts`, which escapes them), so the two never disagree on
 * what a column holds.
 */
import type { BenchResult } from './bench-report.js';

/** Formats a number rounded, with thousands separators. */
export function grouped(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A ratio for display ('n/a' when unknown). */
export function shown(value: number | null, suffix = 'x'): string {
  return value === null ? 'n/a' : `${value.toFixed(2)}${suffix}`;
}

/** Column titles of the reference-engine results table. */
export const BENCH_RESULT_COLUMNS: readonly string[] = Object.freeze(['sync method', 'driver', 'clients', 'record B', 'commits/s', 'p50 us', 'p99 us', 'p999 us', 'commits/sync']);

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
  ];
}
