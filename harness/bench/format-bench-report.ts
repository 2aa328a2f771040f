/**
 * The human-readable form of a bench report: the raw ceiling, the engine
 * matrix, the ratios, the slow-disk and peer tables.
 */
import type { BenchReport } from '../../reports/bench/bench-report.js';
import { ARCHIVE_COLUMNS, archiveCaption, archiveCells, BENCH_RESULT_COLUMNS, benchResultCells, grouped, HEADLINE_ROUND_COLUMNS, headlineLines, headlineRoundCells } from '../../reports/bench/bench-table-cells.js';

/** Renders rows as an aligned table, first column left-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')}`;
  return [line(header), ...rows.map(line)];
}

/** Renders `report` as plain text. */
export function formatBenchReport(report: BenchReport): string {
  const { raw, ratios } = report;
  const rawRows = [
    ['append + fdatasync', raw.appendFdatasync],
    ['overwrite + fdatasync', raw.overwriteFdatasync],
    ...raw.groupCommit.map((figure) => [`${figure.recordsPerSync} records per append + fdatasync`, figure] as const),
  ] as const;
  const lines = [
    `unplug bench: ${report.dir} (${report.fileSystemType ?? 'unknown file system'}), seed ${report.seed}, ${grouped(report.durationMs)} ms`,
    '',
    `raw sync ceiling (${raw.recordSizeBytes} B records, interleaved with the engine runs):`,
    ...table(
      ['loop', 'syncs/s', 'records/s', 'p50 us', 'p99 us', 'slices min-max syncs/s'],
      rawRows.map(([name, figure]) => [name, grouped(figure.syncsPerSecond), grouped(figure.recordsPerSecond), figure.latencyUs.p50.toFixed(1), figure.latencyUs.p99.toFixed(1), `${grouped(figure.sliceSyncsPerSecond.min)}-${grouped(figure.sliceSyncsPerSecond.max)}`]),
    ),
    '',
    'reference engine (closed-loop clients, one record per commit):',
    ...table(BENCH_RESULT_COLUMNS, report.results.map(benchResultCells)),
    '',
    ratios.source === 'paired-rounds'
      ? `headline: medians of ${report.headlineRounds.length} paired rounds (${report.headlineDriver ?? ''}):`
      : 'headline: from the matrix cells:',
    ...table(HEADLINE_ROUND_COLUMNS, report.headlineRounds.map(headlineRoundCells)),
    ...headlineLines(report),
  ];
  if (report.slowDisk.length > 0) {
    lines.push('', 'slow disk (fdatasync with a fixed injected delay per sync, through the shim):');
    lines.push(...table(['injected ms', 'clients', 'commits/s', 'p50 us', 'p99 us', 'commits/sync'], report.slowDisk.map((row) => [String(row.injectedSyncLatencyMs), String(row.clients), grouped(row.commitsPerSecond), row.latencyUs.p50.toFixed(0), row.latencyUs.p99.toFixed(0), row.commitsPerSync === null ? 'n/a' : row.commitsPerSync.toFixed(1)])));
  }
  if (report.peers.length > 0 || report.peersSkipped.length > 0) {
    lines.push('', 'peers (same disk, same run, 100 B records, durable per commit):');
    lines.push(...table(['engine', 'setting', 'clients', 'commits/s', 'p50 us', 'p99 us'], report.peers.map((row) => [row.engine, row.setting, String(row.clients), grouped(row.commitsPerSecond), row.latencyUs.p50.toFixed(1), row.latencyUs.p99.toFixed(1)])));
    lines.push(...report.peersSkipped.map((reason) => `  skipped ${reason}`));
  }
  if ((report.replication ?? []).length > 0) {
    lines.push('', `replication (unplug engine as a child process, 100 B records, medians of ${report.replicationRounds ?? 0} paired rounds; synchronous acks wait for the replica's flush):`);
    lines.push(...table(['replica', 'clients', 'commits/s', 'p50 us', 'p99 us'], (report.replication ?? []).map((row) => [row.replication, String(row.clients), grouped(row.commitsPerSecond), row.latencyUs.p50.toFixed(0), row.latencyUs.p99.toFixed(0)])));
  }
  if ((report.archive ?? []).length > 0) {
    lines.push('', archiveCaption(report));
    lines.push(...table(ARCHIVE_COLUMNS, (report.archive ?? []).map(archiveCells)));
  }
  return lines.join('\n');
}
