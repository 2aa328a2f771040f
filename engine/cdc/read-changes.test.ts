import { describe, expect, it } from 'vitest';
import type { EngineOptions, Write } from '../engine-types.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';
import { parseLsn } from '../wal/lsn.js';
import type { Change } from './change-line.js';
import { CdcError } from './cdc-error.js';
import { readChanges, type ReadChangesOptions } from './read-changes.js';

const DIRECTORY = '/store';

async function collect(options: ReadChangesOptions): Promise<Change[]> {
  const changes: Change[] = [];
  for await (const change of readChanges(options)) changes.push(change);
  return changes;
}

/** Commits `commits` in order and returns the commit LSNs the engine acknowledged. */
async function commitAll(options: EngineOptions, commits: readonly (readonly Write[])[], firstTx = 1): Promise<number[]> {
  const engine = openEngine(options);
  const lsns: number[] = [];
  for (const [index, writes] of commits.entries()) lsns.push(parseLsn((await engine.commit(firstTx + index, writes)).lsn) ?? -1);
  await engine.close();
  return lsns;
}

/** What a correct stream holds for `commits`: every write with the value it replaced, from an empty store. */
function expectedChanges(commits: readonly (readonly Write[])[], lsns: readonly number[], firstTx = 1): Change[] {
  const state = new Map<string, string>();
  return commits.flatMap((writes, index) =>
    writes.map(([key, value], write) => {
      const old = state.get(key) ?? null;
      if (value === null) state.delete(key);
      else state.set(key, value);
      return { lsn: lsns[index] ?? -1, tx: firstTx + index, key, old, new: value, write, writes: writes.length };
    }),
  );
}

describe('readChanges', () => {
  it('streams every committed write in LSN order with its old value, and only the commits after fromLsn', async () => {
    const fileSystem = new MemFileSystem();
    const commits: Write[][] = [[['a', '1'], ['b', '1']], [['a', '2']], [['b', null], ['c', '3']], [['a', null]]];
    const lsns = await commitAll({ directory: DIRECTORY, fileSystem, publishFlushLsn: true }, commits);
    const all = await collect({ directory: DIRECTORY, fileSystem, fromLsn: 0 });
    expect(all).toEqual(expectedChanges(commits, lsns));
    expect(all.find((change) => change.key === 'b' && change.new === null)?.old).toBe('1');
    const resumed = await collect({ directory: DIRECTORY, fileSystem, fromLsn: lsns[1] ?? 0 });
    expect(resumed).toEqual(expectedChanges(commits, lsns).filter((change) => change.lsn > (lsns[1] ?? 0)));
    expect(resumed[0]?.tx).toBe(3);
  });

  it('reads commits that span segment boundaries, one larger than a whole pass', async () => {
    const fileSystem = new MemFileSystem();
    // 4 KiB segments: a pass reads two, so the 10 KB commit spans more than one pass and ordinary ones straddle pass bounds.
    const commits: Write[][] = [
      ...Array.from({ length: 12 }, (_, index): Write[] => [[`k${index % 4}`, `v${index}`.repeat(150)]]),
      [['big', 'x'.repeat(10_000)], ['k1', null]],
      [['after', 'big']],
    ];
    const lsns = await commitAll({ directory: DIRECTORY, fileSystem, publishFlushLsn: true, segmentSizeBytes: 4096, checkpointWalBytes: 1 << 30 }, commits);
    expect(await collect({ directory: DIRECTORY, fileSystem, fromLsn: 0 })).toEqual(expectedChanges(commits, lsns));
  });

  it('emits nothing the primary has not published as durable; the defect emits it anyway', async () => {
    const fileSystem = new MemFileSystem();
    // A primary that does not publish and never closes: the only durable end the reader knows is the store's creation.
    const engine = openEngine({ directory: DIRECTORY, fileSystem });
    await engine.commit(1, [['k', 'v']]);
    expect(await collect({ directory: DIRECTORY, fileSystem, fromLsn: 0 })).toEqual([]);
    const early = await collect({ directory: DIRECTORY, fileSystem, fromLsn: 0, defects: ['cdc-emits-before-durable'] });
    expect(early.map((change) => change.key)).toEqual(['k']);
    await engine.close();
    // A clean close records the end in the control file: now it is durable.
    expect((await collect({ directory: DIRECTORY, fileSystem, fromLsn: 0 })).map((change) => change.tx)).toEqual([1]);
  });

  it('follows a primary across recycled segments and stops when aborted', async () => {
    const fileSystem = new MemFileSystem();
    const options = { directory: DIRECTORY, fileSystem, publishFlushLsn: true, segmentSizeBytes: 4096, checkpointWalBytes: 8192 };
    const engine = openEngine(options);
    const controller = new AbortController();
    const received: Change[] = [];
    const reading = (async () => {
      for await (const change of readChanges({ directory: DIRECTORY, fileSystem, fromLsn: 0, follow: true, signal: controller.signal, pollIntervalMs: 1 })) {
        received.push(change);
        if (received.length === 60) controller.abort();
      }
    })();
    const commits: Write[][] = [];
    const lsns: number[] = [];
    for (let index = 0; index < 60; index += 1) {
      const writes: Write[] = [[`k${index % 5}`, `v${index}`.repeat(60)]];
      commits.push(writes);
      lsns.push(parseLsn((await engine.commit(index + 1, writes)).lsn) ?? -1);
      // Let the follower keep up, so no checkpoint recycles a segment it still has to read.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await reading;
    expect(engine.stats().checkpoints).toBeGreaterThanOrEqual(1);
    expect(received).toEqual(expectedChanges(commits, lsns));
    await engine.close();
  });

  it('refuses a fromLsn a checkpoint folded away, naming the oldest LSN it can resume from, and resumes from that one', async () => {
    const fileSystem = new MemFileSystem();
    const options = { directory: DIRECTORY, fileSystem, publishFlushLsn: true, segmentSizeBytes: 4096, checkpointWalBytes: 8192 };
    const commits: Write[][] = Array.from({ length: 40 }, (_, index) => [[`k${index % 3}`, `value-${index}`.repeat(40)]]);
    const lsns = await commitAll(options, commits);
    const refused = await collect({ directory: DIRECTORY, fileSystem, fromLsn: lsns[0] ?? 0 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CdcError);
    const message = (refused as CdcError).message;
    expect((refused as CdcError).code).toBe('FROM_LSN_NOT_RETAINED');
    const oldest = parseLsn(/resume from is (\S+)$/.exec(message)?.[1] ?? '');
    expect(oldest).toBeDefined();
    const resumed = await collect({ directory: DIRECTORY, fileSystem, fromLsn: oldest ?? 0 });
    const expected = expectedChanges(commits, lsns).filter((change) => change.lsn > (oldest ?? 0));
    expect(resumed.length).toBeGreaterThan(0);
    // Old values come from the checkpoint's data file for the first changes after it.
    expect(resumed).toEqual(expected);
  });

  it('says when a checkpoint recycled the segment a slow reader was still reading', async () => {
    const fileSystem = new MemFileSystem();
    const options = { directory: DIRECTORY, fileSystem, publishFlushLsn: true, segmentSizeBytes: 4096, checkpointWalBytes: 8192 };
    const engine = openEngine(options);
    await engine.commit(1, [['k', 'first']]);
    const reader = readChanges({ directory: DIRECTORY, fileSystem, fromLsn: 0, follow: true, pollIntervalMs: 1 });
    expect((await reader.next()).value).toMatchObject({ tx: 1, key: 'k' });
    for (let tx = 2; tx < 60; tx += 1) await engine.commit(tx, [['k', `v${tx}`.repeat(80)]]);
    expect(engine.stats().checkpoints).toBeGreaterThanOrEqual(2);
    await expect(reader.next()).rejects.toMatchObject({ code: 'WAL_RECYCLED', message: expect.stringMatching(/fell behind a checkpoint .* resume from is \d+\/[0-9A-F]+$/) });
    await engine.close();
  });

  it('says when the directory holds no store', async () => {
    const fileSystem = new MemFileSystem();
    fileSystem.mkdirAll(DIRECTORY);
    await expect(collect({ directory: '/nowhere', fileSystem, fromLsn: 0 })).rejects.toMatchObject({ code: 'NO_STORE' });
    await expect(collect({ directory: DIRECTORY, fileSystem, fromLsn: 0 })).rejects.toMatchObject({ code: 'NO_STORE', message: expect.stringContaining(DIRECTORY) });
  });
});
