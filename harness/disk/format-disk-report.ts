/**
 * The human-readable form of a disk report: a pg_test_fsync-style table, the
 * verdict and its evidence lines.
 */
import type { DiskReport } from './disk-check.js';

/** Formats a number with thousands separators. */
function grouped(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Renders `report` as plain text lines (no colour: the caller decides). */
export function formatDiskReport(report: DiskReport): string {
  const header = ['method', 'syncs/s', 'p50 us', 'p99 us'];
  const rows = report.methods.map((method) => [method.method, grouped(method.syncsPerSecond), method.latencyUs.p50.toFixed(1), method.latencyUs.p99.toFixed(1)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [
    `unplug disk: ${report.dir} (${report.fileSystemType ?? 'unknown file system'}), ${report.writeSizeBytes / 1024} KiB writes, ${grouped(report.durationMs)} ms`,
    '',
    `  ${line(header)}`,
    ...rows.map((row) => `  ${line(row)}`),
    '',
    `verdict: ${report.verdict}`,
    ...report.evidence.map((evidence) => `  [${evidence.indicates}] ${evidence.rule}: ${evidence.detail}`),
  ].join('\n');
}
