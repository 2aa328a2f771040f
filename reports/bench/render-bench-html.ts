/**
 * The self-contained `bench.html`: one page, inline CSS and SVG, no script and
 * no external assets, so it can be archived as a CI artifact and opened
 * anywhere. Plots: commits/s against clients per sync method; the commit
 * latency CDF; throughput against injected sync latency (when measured).
 */
import type { BenchReport, BenchResult } from './bench-report.js';
import { ARCHIVE_COLUMNS, archiveCaption, archiveCells, BENCH_RESULT_COLUMNS, benchResultCells, grouped, HEADLINE_ROUND_COLUMNS, headlineLines, headlineRoundCells } from './bench-table-cells.js';
import { escapeXml, renderLineChart, type ChartSeries } from './svg-line-chart.js';

/** An HTML table from a header and rows of already-escaped cells. */
function htmlTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = header.map((cell) => `<th>${escapeXml(cell)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Commits/s against clients, one series per sync method, record size and driver. */
function throughputChart(report: BenchReport): string {
  const groups = new Map<string, BenchResult[]>();
  for (const result of report.results) {
    const name = `${result.syncMethod}${result.durable ? '' : ' (not durable)'} ${result.recordSizeBytes} B${result.driver === 'child-process' ? ' child' : ''}`;
    groups.set(name, [...(groups.get(name) ?? []), result]);
  }
  const series: ChartSeries[] = [...groups].map(([name, results]) => ({
    name,
    points: results.map((result) => [result.clients, result.commitsPerSecond] as const).sort((left, right) => left[0] - right[0]),
    dashed: results[0]?.recordSizeBytes !== undefined && results[0].recordSizeBytes > 1024,
  }));
  series.push({ name: 'raw append+fdatasync', points: [...new Set(report.results.map((result) => result.clients))].map((clients) => [clients, report.raw.appendFdatasync.syncsPerSecond] as const), dashed: true });
  const clientTicks = [...new Set(report.results.map((result) => result.clients))].sort((left, right) => left - right);
  return renderLineChart({ title: 'Durable commits per second against concurrent clients', xLabel: 'clients', yLabel: 'commits/s', xScale: 'log', yScale: 'log', series, xTicks: clientTicks });
}

/** The latency CDF of each fdatasync cell with small records (or of every cell when there is no fdatasync). */
function latencyCdfChart(report: BenchReport): string {
  const fdatasync = report.results.filter((result) => result.syncMethod === 'fdatasync' && result.driver === 'in-process');
  const chosen = (fdatasync.length > 0 ? fdatasync : report.results).slice(0, 8);
  const series: ChartSeries[] = chosen.map((result) => ({
    name: `${result.syncMethod} ${result.clients} cl ${result.recordSizeBytes} B`,
    points: result.latencyCdfUs.map(([percentile, latencyUs]) => [latencyUs, percentile] as const),
    dashed: result.recordSizeBytes > 1024,
  }));
  return renderLineChart({ title: 'Commit latency CDF', xLabel: 'commit latency (us, log scale)', yLabel: 'percentile', xScale: 'log', yScale: 'linear', series });
}

/** Commits/s against injected sync latency, one series per client count. */
function slowDiskChart(report: BenchReport): string {
  const byClients = new Map<number, (readonly [number, number])[]>();
  for (const row of report.slowDisk) byClients.set(row.clients, [...(byClients.get(row.clients) ?? []), [row.injectedSyncLatencyMs, row.commitsPerSecond] as const]);
  const series: ChartSeries[] = [...byClients].map(([clients, points]) => ({ name: `${clients} client(s)`, points: points.sort((left, right) => left[0] - right[0]) }));
  return renderLineChart({ title: 'Throughput against injected sync latency (fdatasync)', xLabel: 'injected latency per sync (ms)', yLabel: 'commits/s', xScale: 'log', yScale: 'log', series, xTicks: [...new Set(report.slowDisk.map((row) => row.injectedSyncLatencyMs))] });
}

/** Renders the whole page. */
export function renderBenchHtml(report: BenchReport): string {
  const raw = report.raw;
  const rawRows = [raw.appendFdatasync, raw.overwriteFdatasync, ...raw.groupCommit].map((figure) => [
    escapeXml(`${figure.recordsPerSync} x ${raw.recordSizeBytes} B ${figure.placement} + fdatasync`),
    grouped(figure.syncsPerSecond),
    grouped(figure.recordsPerSecond),
    figure.latencyUs.p50.toFixed(1),
    figure.latencyUs.p99.toFixed(1),
    `${grouped(figure.sliceSyncsPerSecond.min)} / ${grouped(figure.sliceSyncsPerSecond.median)} / ${grouped(figure.sliceSyncsPerSecond.max)}`,
  ]);
  // Every cell is escaped; only the text ones can hold a character that needs it.
  const resultRows = report.results.map((result) => benchResultCells(result).map(escapeXml));
  const sections = [
    `<h1>unplug bench</h1>`,
    `<p>${escapeXml(report.dir)} (${escapeXml(report.fileSystemType ?? 'unknown file system')}), seed ${report.seed}, ${grouped(report.durationMs)} ms.</p>`,
    `<p class="ratios">${headlineLines(report).map(escapeXml).join('<br>')}</p>`,
    report.headlineRounds.length > 0
      ? `<p>Headline ratios are medians of ${report.headlineRounds.length} paired rounds (${escapeXml(report.headlineDriver ?? '')}): the raw loops, 1 client, 64 clients and the two round trips run back to back each round.</p>` +
        htmlTable(HEADLINE_ROUND_COLUMNS, report.headlineRounds.map(headlineRoundCells))
      : '',
    `<h2>Raw sync ceiling</h2>`,
    htmlTable(['loop', 'syncs/s', 'records/s', 'p50 us', 'p99 us', 'slices min / median / max syncs/s'], rawRows),
    `<h2>Reference engine</h2>`,
    throughputChart(report),
    latencyCdfChart(report),
    htmlTable(BENCH_RESULT_COLUMNS, resultRows),
  ];
  if (report.slowDisk.length > 0) {
    sections.push(`<h2>Slow disk</h2>`, slowDiskChart(report));
    sections.push(htmlTable(['injected ms', 'clients', 'commits/s', 'p50 us', 'p99 us', 'commits/sync'], report.slowDisk.map((row) => [String(row.injectedSyncLatencyMs), String(row.clients), grouped(row.commitsPerSecond), row.latencyUs.p50.toFixed(0), row.latencyUs.p99.toFixed(0), row.commitsPerSync === null ? 'n/a' : row.commitsPerSync.toFixed(1)])));
  }
  if (report.peers.length > 0 || report.peersSkipped.length > 0) {
    sections.push(`<h2>Peers</h2>`);
    sections.push(htmlTable(['engine', 'setting', 'clients', 'commits/s', 'p50 us', 'p99 us'], report.peers.map((row) => [escapeXml(row.engine), escapeXml(row.setting), String(row.clients), grouped(row.commitsPerSecond), row.latencyUs.p50.toFixed(1), row.latencyUs.p99.toFixed(1)])));
    sections.push(...report.peersSkipped.map((reason) => `<p>skipped: ${escapeXml(reason)}</p>`));
  }
  if ((report.replication ?? []).length > 0) {
    sections.push(`<h2>Replication</h2>`, `<p>unplug engine as a child process, 100 B records, medians of ${report.replicationRounds ?? 0} paired rounds; synchronous acks wait for the replica's flush.</p>`);
    sections.push(htmlTable(['replica', 'clients', 'commits/s', 'p50 us', 'p99 us'], (report.replication ?? []).map((row) => [row.replication, String(row.clients), grouped(row.commitsPerSecond), row.latencyUs.p50.toFixed(0), row.latencyUs.p99.toFixed(0)])));
  }
  if ((report.archive ?? []).length > 0) {
    sections.push(`<h2>WAL archiving</h2>`, `<p>${escapeXml(archiveCaption(report))}</p>`);
    sections.push(htmlTable(ARCHIVE_COLUMNS, (report.archive ?? []).map((row) => archiveCells(row).map(escapeXml))));
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>unplug bench</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}svg{display:block;margin:1em 0;font-family:system-ui,sans-serif}</style>
</head><body>
${sections.join('\n')}
</body></html>
`;
}
