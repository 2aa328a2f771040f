// Runs the compiled CLI as a child process where it matters: `npm test` builds dist/ first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runUnplugCli } from '../../disk/test-support/run-unplug-cli.js';
import type { BenchReport } from '../../../reports/bench/bench-report.js';
import { formatBenchReport } from '../../bench/format-bench-report.js';
import { parseBenchArguments } from './bench-command.js';

const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-bench-command-test-'));
afterAll(() => fs.rmSync(workDirectory, { recursive: true, force: true }));

describe('unplug bench arguments', () => {
  it.each([
    [['--time', 'forever'], "'forever'"],
    [['--time', '5ms'], "'5ms'"],
    [['--clients', '1,zero'], "'zero'"],
    [['--clients', '4096'], "'4096'"],
    [['--sync-methods', 'fdatasync,flush'], "'flush'"],
    [['--latency=-1'], "'-1'"],
    [['--latency', '1,0'], "'0'"],
    [['--driver', 'carrier-pigeon'], "'carrier-pigeon'"],
    [['--record-sizes', '2g'], "'2147483648'"],
    [['--archive', '--segment-size', '3k'], "'3k'"],
    [['--archive', '--segment-size', '2g'], "'2g'"],
    [['--segment-size', '64k'], "'--segment-size 64k' without it"],
  ])('rejects %j naming the value', (argv, named) => {
    expect(() => parseBenchArguments(['--dir', workDirectory, ...argv])).toThrow(named);
  });

  it('defaults to every sync method x 1, 8, 64, 256 clients x 100 B and 8 KiB in the OS temp dir', () => {
    const { options } = parseBenchArguments([]);
    expect(options).toMatchObject({ directory: path.resolve(os.tmpdir()), syncMethods: ['fdatasync', 'fsync', 'open_datasync', 'open_sync', 'off'], clientCounts: [1, 8, 64, 256], recordSizesBytes: [100, 8192], driver: 'both', peers: false });
  });

  it('--archive plans the archiving cells with 1 MiB segments unless --segment-size says otherwise', () => {
    expect(parseBenchArguments(['--dir', workDirectory]).options).toMatchObject({ archive: false });
    expect(parseBenchArguments(['--dir', workDirectory, '--archive']).options).toMatchObject({ archive: true, archiveSegmentSizeBytes: 1024 * 1024 });
    expect(parseBenchArguments(['--dir', workDirectory, '--archive', '--segment-size', '64k']).options).toMatchObject({ archive: true, archiveSegmentSizeBytes: 65_536 });
  });

  it('exits 2 naming a bad --time and a missing --dir (real CLI)', async () => {
    const badTime = await runUnplugCli(['bench', '--dir', workDirectory, '--time', 'soon']);
    expect(badTime.exitCode).toBe(2);
    expect(badTime.stderr).toContain("'soon'");
    const missing = path.join(workDirectory, 'nope');
    const badDirectory = await runUnplugCli(['bench', '--dir', missing]);
    expect(badDirectory.exitCode).toBe(2);
    expect(badDirectory.stderr).toContain(missing);
  });
});

describe('unplug bench --json (a tiny real run; its shape, not its speed)', () => {
  it('prints the bench document of docs/reports.md and nothing else, and writes bench.json and bench.html', async () => {
    const outDirectory = path.join(workDirectory, 'out');
    const run = await runUnplugCli(['bench', '--dir', workDirectory, '--time', '1500ms', '--sync-methods', 'fdatasync', '--clients', '1,64', '--record-sizes', '100', '--latency', '1', '--out', outDirectory, '--json', '--seed', '5'], { timeoutMs: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const document = JSON.parse(run.stdout) as Record<string, unknown> & { results: Record<string, unknown>[]; ratios: Record<string, unknown>; raw: Record<string, unknown>; slowDisk: unknown[] };
    expect(document).toMatchObject({ tool: 'unplug', command: 'bench', seed: 5, dir: workDirectory });
    expect(document.raw).toMatchObject({ appendFdatasync: { syncsPerSecond: expect.any(Number) }, groupCommit: expect.any(Array) });
    // In-process 1 and 64 clients, then the child process at 1 and 64.
    expect(document.results.map((result) => [result['driver'], result['clients']])).toEqual([['in-process', 1], ['in-process', 64], ['child-process', 1], ['child-process', 64]]);
    for (const result of document.results) {
      expect(result).toMatchObject({ syncMethod: 'fdatasync', clients: expect.any(Number), commitsPerSecond: expect.any(Number), latencyUs: { p50: expect.any(Number), p99: expect.any(Number), p999: expect.any(Number) } });
      expect(result).toHaveProperty('commitsPerSync');
    }
    expect(document.ratios).toMatchObject({ singleClientVsRaw: expect.any(Number), groupScaling64: expect.any(Number), group64VsCeiling: expect.any(Number), hostRoundTripVsEcho: expect.any(Number) });
    // The engine ran in the bench's process for the headline, so its CPU per commit was read; both round trips were measured.
    expect(document).toMatchObject({ cpuUsPerCommit: { clients1: expect.any(Number), clients64: expect.any(Number) }, roundTripUs: { host: expect.any(Number), echo: expect.any(Number) } });
    expect(document.slowDisk).toHaveLength(3);
    expect(JSON.parse(fs.readFileSync(path.join(outDirectory, 'bench.json'), 'utf8'))).toMatchObject({ command: 'bench', seed: 5 });
    expect(fs.readFileSync(path.join(outDirectory, 'bench.html'), 'utf8')).toContain('<svg ');
    // The run cleaned up after itself: only the output directory is left.
    expect(fs.readdirSync(workDirectory)).toEqual(['out']);
  });
});

describe('unplug bench --archive (a tiny real run; its shape and that the archiver worked, not its speed)', () => {
  it('reports both variants at 1 and 64 clients with segments archived and the lag per round, on the terminal and in bench.html', async () => {
    const outDirectory = path.join(workDirectory, 'archive-out');
    const run = await runUnplugCli(['bench', '--dir', workDirectory, '--time', '1s', '--sync-methods', 'fdatasync', '--clients', '1', '--record-sizes', '100', '--driver', 'in-process', '--archive', '--segment-size', '64k', '--out', outDirectory, '--json', '--seed', '3'], { timeoutMs: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const document = JSON.parse(run.stdout) as BenchReport;
    const rows = document.archive ?? [];
    expect(rows.map((row) => `${row.archiving}/${row.clients}`)).toEqual(['off/1', 'off/64', 'directory/1', 'directory/64']);
    const rounds = document.archiveRounds ?? 0;
    expect(rounds).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      expect(row).toMatchObject({ recordSizeBytes: 1024, segmentSizeBytes: 65_536, commitsPerSecond: expect.any(Number), commitsPerSecondSpread: { min: expect.any(Number), max: expect.any(Number) } });
      expect(row.commitsPerSecondSpread.min).toBeLessThanOrEqual(row.commitsPerSecondSpread.max);
      // Without archiving there is no archiver to report on; with it, one figure per round.
      expect(row.segmentsArchivedPerRound).toHaveLength(row.archiving === 'off' ? 0 : rounds);
      expect(row.lagAtRoundEnd).toHaveLength(row.archiving === 'off' ? 0 : rounds);
    }
    // 64 KiB segments and 1 KiB records: 64 commits complete a segment, so the archiver must have copied some.
    const archived = rows.filter((row) => row.archiving === 'directory').flatMap((row) => row.segmentsArchivedPerRound);
    expect(archived.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    expect(formatBenchReport(document)).toMatch(/WAL archiving \(in-process engine, fdatasync, 65,536 B segments, 1,024 B records/);
    expect(fs.readFileSync(path.join(outDirectory, 'bench.html'), 'utf8')).toContain('<h2>WAL archiving</h2>');
    expect(fs.readdirSync(workDirectory).filter((name) => name.startsWith('unplug-bench-'))).toEqual([]);
  });
});
