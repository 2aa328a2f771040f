// `unplug engine` with WAL archiving, and its backup / restore / waldump
// subcommands, as real child processes on a real disk (compiled, from dist/).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseLsn } from '../../../engine/wal/lsn.js';
import { EngineChild } from './test-support/engine-child.js';
import type { ResponseLine } from './test-support/engine-child.js';
import { ensureFreshBuild } from './test-support/ensure-fresh-build.js';
import { runUnplugSync, scratchDirectories } from './test-support/unplug-sync.js';

const STATUS_POLLS_MAX = 200;

const scratch = scratchDirectories('engine-archive');
const temporaryDirectory = scratch.create;

const unplug = runUnplugSync;

beforeAll(async () => {
  await ensureFreshBuild();
}, 200_000);

afterEach(() => scratch.removeAll());

describe('unplug engine with a failing archive command, then backup, restore and waldump', () => {
  it('keeps acking while archiving fails, warns once on stderr, archives everything once the command works, and restores to a commit LSN', async () => {
    const root = temporaryDirectory();
    const [store, archive, flag] = [join(root, 'db'), join(root, 'archive'), join(root, 'archive-is-up')];
    mkdirSync(archive);
    const command = `test -e '${flag}' && cp %p '${archive}'/%f`;
    const child = EngineChild.start(['--dir', store, '--segment-size', '4k', '--checkpoint-wal-bytes', '8k', '--archive-command', command, '--wal-warn-bytes', '24k']);
    expect(await child.nextLine()).toMatchObject({ type: 'ready' });
    const acks = new Map<number, { lsn: number; writes: [string, string][] }>();
    for (let tx = 1; tx <= 40; tx += 1) {
      const writes: [string, string][] = [[`k${tx % 6}`, `v${tx}-${'x'.repeat(1500)}`]];
      child.send({ id: tx, type: 'commit', tx, writes });
      const ack = await child.nextLine();
      expect(ack).toMatchObject({ id: tx, type: 'ack' });
      acks.set(tx, { lsn: parseLsn(String(ack['lsn'])) ?? -1, writes });
    }
    let status: ResponseLine = {};
    for (let poll = 0; poll < STATUS_POLLS_MAX; poll += 1) {
      child.send({ id: 1000 + poll, type: 'status' });
      status = await child.nextLine();
      if (((status['archive'] as ResponseLine | null)?.['failuresInARow'] as number) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const archiveStatus = status['archive'] as ResponseLine;
    expect(archiveStatus).toMatchObject({ destination: 'command', segmentsArchived: 0, lastError: expect.stringMatching(/exited with status 1/) });
    expect(archiveStatus['segmentsWaiting']).toBeGreaterThan(8);
    expect(status['walBytes']).toBeGreaterThan(24 * 1024);
    writeFileSync(flag, '');
    child.send({ id: 2000, type: 'close' });
    expect(await child.nextLine()).toMatchObject({ id: 2000, type: 'ok' });
    const exit = await child.exit();
    expect(exit.exitCode).toBe(0);
    const warnings = exit.stderr.split('\n').filter((line) => line.includes('warning: WAL on disk'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/above --wal-warn-bytes 24576; \d+ segment\(s\) wait for the archiver/);
    // Close gave the archiver one more pass: every completed segment is archived, with no hole.
    const archived = readdirSync(archive).filter((name) => /^[0-9A-F]{24}$/.test(name));
    expect(archived.length).toBeGreaterThan(8);
    expect(archived.map((name) => Number.parseInt(name.slice(16), 16))).toEqual(archived.map((_, index) => index + 1));

    const backup = join(root, 'backup');
    // This backup is taken after the fact, so restore from an empty-store backup made the same way.
    const emptyStore = join(root, 'empty');
    const first = EngineChild.start(['--dir', emptyStore, '--segment-size', '4k']);
    await first.nextLine();
    first.send({ id: 1, type: 'close' });
    await first.nextLine();
    await first.exit();
    const backedUp = unplug('engine', 'backup', '--dir', emptyStore, '--to', backup, '--json');
    expect(backedUp.status).toBe(0);
    expect(JSON.parse(backedUp.stdout)).toMatchObject({ command: 'engine backup', timeline: 1, startLsn: '0/1000' });

    const target = acks.get(17);
    if (target === undefined) throw new Error('tx 17 was not acked');
    const restoredDir = join(root, 'restored');
    const restored = unplug('engine', 'restore', '--from', backup, '--archive', archive, '--to', restoredDir, '--target-lsn', `0/${target.lsn.toString(16).toUpperCase()}`, '--json');
    expect(restored.stderr).toBe('');
    expect(JSON.parse(restored.stdout)).toMatchObject({ timeline: 2, parentTimeline: 1, commitsReplayed: 17 });
    const reopened = EngineChild.start(['--dir', restoredDir, '--segment-size', '4k']);
    await reopened.nextLine();
    reopened.send({ id: 1, type: 'dump' }, { id: 2, type: 'close' });
    const dump = await reopened.nextLine();
    await reopened.nextLine();
    await reopened.exit();
    const expected = new Map<string, string>();
    for (let tx = 1; tx <= 17; tx += 1) for (const [key, value] of acks.get(tx)?.writes ?? []) expected.set(key, value);
    expect(dump['entries']).toEqual([...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    expect(readdirSync(restoredDir).some((name) => name.startsWith('00000002') && name.length === 24)).toBe(true);
    expect(existsSync(join(archive, '00000002.history'))).toBe(true);

    const dumped = unplug('engine', 'waldump', '--dir', store);
    expect(dumped.status).toBe(0);
    expect(dumped.stdout).toMatch(/lsn 0\/[0-9A-F]+ prev 0\/[0-9A-F]+ flush 0\/[0-9A-F]+ tx \d+ FULL len \d+ crc ok: k\d put 1504 B/);
    expect(dumped.stdout).toMatch(/\d+ records in \d+ segments, 0 checksum failures, 0 stale\n$/);
  }, 120_000);

  it('names the bad value on bad usage, exit 2', () => {
    const root = temporaryDirectory();
    const cases: [string[], RegExp][] = [
      [['engine', 'backup', '--dir', join(root, 'nothing'), '--to', join(root, 'b')], /no store directory at '.*nothing'/],
      [['engine', 'restore', '--from', root, '--archive', root, '--to', join(root, 'x'), '--target-lsn', 'zz'], /--target-lsn must be an LSN like 0\/16B3D0, got 'zz'/],
      [['engine', 'restore', '--from', root, '--archive', root, '--to', join(root, 'x')], /is not a finished base backup: backup_label.json is missing/],
      [['engine', 'restore', '--from', root, '--archive', root, '--to', join(root, 'x'), '--target-time', 'yesterday'], /--target-time must be an ISO 8601 time .* got 'yesterday'/],
      [['engine', 'waldump', '--dir', root, '--from-lsn', '7'], /--from-lsn must be an LSN like 0\/16B3D0, got '7'/],
      [['engine', '--dir', root, '--archive-command', 'cp x y'], /--archive-command must contain %p \(the segment's path\), got 'cp x y'/],
    ];
    for (const [argv, message] of cases) {
      const result = unplug(...argv);
      expect(result.stderr, argv.join(' ')).toMatch(message);
      expect(result.status, argv.join(' ')).toBe(2);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
