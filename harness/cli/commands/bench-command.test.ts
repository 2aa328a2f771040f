// Runs the compiled CLI as a child process where it matters: `npm test` builds dist/ first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runUnplugCli } from '../../disk/test-support/run-unplug-cli.js';
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
  ])('rejects %j naming the value', (argv, named) => {
    expect(() => parseBenchArguments(['--dir', workDirectory, ...argv])).toThrow(named);
  });

  it('defaults to every sync method x 1, 8, 64, 256 clients x 100 B and 8 KiB in the OS temp dir', () => {
    const { options } = parseBenchArguments([]);
    expect(options).toMatchObject({ directory: path.resolve(os.tmpdir()), syncMethods: ['fdatasync', 'fsync', 'open_datasync', 'open_sync', 'off'], clientCounts: [1, 8, 64, 256], recordSizesBytes: [100, 8192], driver: 'both', peers: false });
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
