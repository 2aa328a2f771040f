// Runs the compiled CLI as a child process: `npm test` builds dist/ first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mountOfDirectory } from '../../disk/mount-file-system-type.js';
import { buildNoOpFsyncLibrary } from '../../disk/test-support/build-no-op-fsync-library.js';
import { runUnplugCli } from '../../disk/test-support/run-unplug-cli.js';

const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-disk-command-test-'));
afterAll(() => fs.rmSync(workDirectory, { recursive: true, force: true }));

/** Short enough to keep the suite fast; the verdict compares latencies, not speeds against a constant. */
const PROBE_TIME = '400ms';

interface DiskDocument {
  readonly tool: string;
  readonly command: string;
  readonly dir: string;
  readonly methods: readonly { readonly method: string; readonly syncsPerSecond: number; readonly latencyUs: { readonly p50: number; readonly p99: number } }[];
  readonly verdict: string;
  readonly evidence: readonly { readonly rule: string; readonly indicates: string; readonly detail: string }[];
}

/** Runs `unplug disk --json` and parses its stdout (which must be one JSON document and nothing else). */
async function diskJson(args: readonly string[], environment?: NodeJS.ProcessEnv): Promise<{ exitCode: number; document: DiskDocument }> {
  const run = await runUnplugCli(['disk', ...args, '--time', PROBE_TIME, '--json'], environment === undefined ? {} : { environment });
  expect(run.stderr).toBe('');
  return { exitCode: run.exitCode, document: JSON.parse(run.stdout) as DiskDocument };
}

describe('unplug disk argument validation', () => {
  it.each([['--time', 'soon'], ['--time', '0ms'], ['--time', '11m']])('exits 2 naming a bad %s %s', async (flag, value) => {
    const run = await runUnplugCli(['disk', workDirectory, flag, value]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`'${value}'`);
  });

  it('exits 2 naming a directory that does not exist', async () => {
    const missing = path.join(workDirectory, 'no-such-dir');
    const run = await runUnplugCli(['disk', missing]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(missing);
  });

  it('exits 2 on an unknown flag', async () => {
    const run = await runUnplugCli(['disk', '--frobnicate']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--frobnicate');
  });
});

describe('unplug disk verdicts (real probes)', () => {
  it('passes the temp dir on a real disk (ext4 here), with every method in the table', async (context) => {
    const fileSystemType = mountOfDirectory(workDirectory)?.fileSystemType;
    if (fileSystemType === undefined || ['tmpfs', 'ramfs', 'overlay'].includes(fileSystemType)) {
      return context.skip(`the temp dir is on ${fileSystemType ?? 'an unknown file system'}, not a disk`);
    }
    const { exitCode, document } = await diskJson([workDirectory]);
    expect(document).toMatchObject({ tool: 'unplug', command: 'disk', dir: workDirectory, verdict: 'honoured' });
    expect(exitCode).toBe(0);
    expect(document.methods.map((method) => method.method)).toEqual(
      expect.arrayContaining(['write-no-sync', 'fdatasync-overwrite', 'fdatasync-append', 'fsync-overwrite', 'open_datasync-overwrite', 'open_sync-overwrite']),
    );
    for (const method of document.methods) {
      expect(method.syncsPerSecond).toBeGreaterThan(0);
      expect(method.latencyUs.p99).toBeGreaterThanOrEqual(method.latencyUs.p50);
    }
    expect(document.evidence.filter((line) => line.indicates === 'appears-disabled')).toEqual([]);
  });

  it('flags tmpfs (/dev/shm)', async (context) => {
    if (!fs.existsSync('/dev/shm') || mountOfDirectory('/dev/shm')?.fileSystemType !== 'tmpfs') return context.skip('/dev/shm is not a tmpfs here');
    const { exitCode, document } = await diskJson(['/dev/shm']);
    expect(document.verdict).toBe('appears-disabled');
    expect(exitCode).toBe(1);
    expect(document.evidence.map((line) => line.rule)).toContain('volatile-file-system');
  });

  it('flags a preloaded library that makes fsync and fdatasync no-ops, from its symbols and from the timing', async (context) => {
    const library = buildNoOpFsyncLibrary(workDirectory);
    if (library === undefined) return context.skip('no C compiler (cc) to build the no-op fsync library');
    const { exitCode, document } = await diskJson([workDirectory], { LD_PRELOAD: library });
    expect(document.verdict).toBe('appears-disabled');
    expect(exitCode).toBe(1);
    const rules = document.evidence.map((line) => line.rule);
    expect(rules).toContain('sync-function-interposed');
    // The timing evidence compares the sync with an unsynced write measured in the same run.
    const timed = document.evidence.filter((line) => line.rule === 'sync-as-fast-as-write').map((line) => line.detail.split(' ')[0]);
    expect(timed).toEqual(expect.arrayContaining(['fdatasync-overwrite', 'fsync-overwrite']));
  });

  it("flags Debian's real libeatmydata when it is installed", async (context) => {
    const library = ['/usr/lib/x86_64-linux-gnu/libeatmydata.so', '/usr/lib/aarch64-linux-gnu/libeatmydata.so', '/usr/lib/libeatmydata.so'].find((candidate) => fs.existsSync(candidate));
    if (library === undefined) return context.skip('libeatmydata is not installed (apt-get install eatmydata)');
    const { exitCode, document } = await diskJson([workDirectory], { LD_PRELOAD: library });
    expect(exitCode).toBe(1);
    expect(document.evidence.map((line) => line.rule)).toEqual(expect.arrayContaining(['eatmydata-preloaded', 'sync-function-interposed']));
  });
});
