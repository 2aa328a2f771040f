import { describe, expect, it } from 'vitest';
import type { BenchReport } from './bench-report.js';
import { renderBenchHtml } from './render-bench-html.js';
import { renderLineChart } from './svg-line-chart.js';

const FIGURE = { placement: 'append' as const, recordsPerSync: 1, syncsPerSecond: 2000, recordsPerSecond: 2000, latencyUs: { p50: 400, p99: 900, p999: 1200 }, sliceSyncsPerSecond: { min: 1900, median: 2000, max: 2100 }, slices: 3 };

const REPORT: BenchReport = {
  tool: 'unplug',
  command: 'bench',
  seed: 7,
  dir: '/data/<disk>',
  fileSystemType: 'ext4',
  timeBudgetMs: 1000,
  durationMs: 1200,
  raw: { recordSizeBytes: 100, appendFdatasync: FIGURE, overwriteFdatasync: { ...FIGURE, placement: 'overwrite' }, groupCommit: [{ ...FIGURE, recordsPerSync: 64, recordsPerSecond: 128_000 }] },
  results: [1, 64].map((clients) => ({
    syncMethod: 'fdatasync' as const,
    clients,
    recordSizeBytes: 100,
    driver: 'in-process' as const,
    durable: true,
    commitsPerSecond: clients * 1800,
    latencyUs: { p50: 500, p99: 900, p999: 1500 },
    commitsPerSync: clients,
    commits: 100,
    cpuUsPerCommit: 3.5,
    latencyCdfUs: [[50, 500], [99, 900], [100, 1500]] as const,
  })),
  ratios: { singleClientVsRaw: 0.9, singleClientVsRawOverwrite: 0.5, groupScaling64: 64, group64VsCeiling: 0.9, hostRoundTripVsEcho: 1.27, commitsPerSync64: 64, childSingleClientVsRaw: null, childGroupScaling64: null, source: 'paired-rounds' },
  headlineRounds: [
    {
      rawAppendSyncsPerSecond: 2000,
      rawOverwriteSyncsPerSecond: 4000,
      rawGroup64RecordsPerSecond: 128_000,
      singleClientCommitsPerSecond: 1800,
      clients64CommitsPerSecond: 115_200,
      singleClientCpuUsPerCommit: 9.5,
      clients64CpuUsPerCommit: 3.5,
      hostRoundTripUs: 127,
      echoRoundTripUs: 100,
    },
  ],
  headlineDriver: 'in-process',
  cpuUsPerCommit: { clients1: 9.5, clients64: 3.5 },
  roundTripUs: { host: 127, echo: 100 },
  slowDisk: [{ injectedSyncLatencyMs: 5, clients: 1, commitsPerSecond: 190, latencyUs: { p50: 5200, p99: 6000, p999: 6100 }, commitsPerSync: 1 }],
  peers: [],
  peersSkipped: ['sqlite: better-sqlite3 is not installed'],
};

describe('renderBenchHtml', () => {
  const html = renderBenchHtml(REPORT);

  it('is self-contained: inline SVG, no script, no external assets', () => {
    expect(html).not.toMatch(/<script|<link|<img|\ssrc=|href=/i);
    expect(html.match(/<svg /g)).toHaveLength(3);
  });

  it('escapes report text', () => {
    expect(html).toContain('/data/&#60;disk&#62;');
    expect(html).not.toContain('<disk>');
  });

  it('draws the slow-disk plot only when the run measured it', () => {
    expect(renderBenchHtml({ ...REPORT, slowDisk: [] }).match(/<svg /g)).toHaveLength(2);
  });

  it('shows the ratios and a skipped peer', () => {
    expect(html).toContain('0.90x');
    expect(html).toContain('64.00x');
    expect(html).toContain('protocol host round trip vs a bare Node echo child: 1.27x (p50 127.0 us vs 100.0 us');
    expect(html).toContain('the raw 64-records-per-sync ceiling: 0.90x');
    expect(html).toContain('9.5 us at 1 client, 3.5 us at 64 clients');
    expect(html).toContain('skipped: sqlite');
  });
});

describe('renderLineChart', () => {
  it('draws a larger value higher on the page (smaller y), on a log axis too', () => {
    const svg = renderLineChart({ title: 't', xLabel: 'x', yLabel: 'y', xScale: 'log', yScale: 'log', series: [{ name: 's', points: [[1, 10], [100, 10_000]] }] });
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((match) => [Number(match[1]), Number(match[2])]);
    expect(circles).toHaveLength(2);
    const [first, second] = circles;
    expect(second?.[0]).toBeGreaterThan(first?.[0] ?? Infinity);
    expect(second?.[1]).toBeLessThan(first?.[1] ?? -Infinity);
  });
});
