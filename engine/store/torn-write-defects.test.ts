import { describe, expect, it } from 'vitest';
import type { DefectName, Write } from '../engine-types.js';
import { EngineError } from '../engine-types.js';
import type { FileSystem } from '../fs/file-system.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { checkRecoveredPrefix } from '../test-support/prefix-checker.js';
import type { IssuedCommit, PrefixVerdict } from '../test-support/prefix-checker.js';
import { TornWriteFileSystem } from '../test-support/torn-write-file-system.js';
import { openEngine } from './open-engine.js';

function open(fileSystem: FileSystem, defects: readonly DefectName[]) {
  return openEngine({ directory: '/db', fileSystem, segmentSizeBytes: 4096, defects });
}

/** Commits A, then B whose write is cut after `keepBytes`; returns the crash state and the history so far. */
async function tornSecondCommit(defects: readonly DefectName[], keepBytes: number) {
  const memory = new MemFileSystem();
  const tearing = new TornWriteFileSystem(memory, 1, keepBytes);
  const engine = open(tearing, defects);
  const issued: IssuedCommit[] = [];
  const acknowledged = new Set<number>();
  const commit = async (tx: number, writes: readonly Write[]): Promise<void> => {
    issued.push({ tx, writes });
    await engine.commit(tx, writes);
    acknowledged.add(tx);
  };
  await commit(1, [['a', 'first']]);
  await expect(commit(2, [['b', 'v'.repeat(200)]])).rejects.toBeInstanceOf(EngineError);
  const crashState = tearing.crashState();
  if (crashState === undefined) throw new Error('the torn write was never reached');
  return { crashState, issued, acknowledged };
}

/** Recovers `fileSystem` and checks it; a recovery failure is a violation too. */
function recoverAndCheck(fileSystem: FileSystem, defects: readonly DefectName[], issued: readonly IssuedCommit[], acknowledged: ReadonlySet<number>): PrefixVerdict {
  try {
    return checkRecoveredPrefix(issued, acknowledged, open(fileSystem, defects).dump());
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return { kind: 'violation', message: `recovery failed: ${error.code}` };
  }
}

describe('skip-checksum', () => {
  // Header, count, change header, key and 100 of the 200 value bytes reach the disk.
  const keepBytes = 48 + 4 + 8 + 1 + 100;

  it('the correct engine drops the torn commit', async () => {
    const { crashState, issued, acknowledged } = await tornSecondCommit([], keepBytes);
    expect(recoverAndCheck(crashState, [], issued, acknowledged)).toMatchObject({ kind: 'ok', prefixLength: 1 });
  });

  it('the defect replays torn garbage as data, and the oracle reports it', async () => {
    const { crashState, issued, acknowledged } = await tornSecondCommit(['skip-checksum'], keepBytes);
    const verdict = recoverAndCheck(crashState, ['skip-checksum'], issued, acknowledged);
    expect(verdict).toMatchObject({ kind: 'violation', message: expect.stringMatching(/matches no prefix/) });
  });
});

describe('append-after-torn-tail', () => {
  async function appendAfterTornTailThenCrash(defects: readonly DefectName[]): Promise<PrefixVerdict> {
    const { crashState, issued, acknowledged } = await tornSecondCommit(defects, 60);
    const engine = open(crashState, defects);
    expect(engine.recovery.outcome).toBe('torn-tail');
    expect(engine.dump()).toEqual([['a', 'first']]);
    // The history goes on from what the first recovery kept: the rejected, torn tx 2 is gone.
    issued.splice(1);
    issued.push({ tx: 3, writes: [['c', 'after']] });
    await engine.commit(3, [['c', 'after']]);
    acknowledged.add(3);
    // A second power loss: only synced state survives.
    return recoverAndCheck(crashState.crashClone(), defects, issued, acknowledged);
  }

  it('the correct engine zeroes the torn tail, so a commit after it survives a second crash', async () => {
    expect(await appendAfterTornTailThenCrash([])).toMatchObject({ kind: 'ok' });
  });

  it('the defect appends after the garbage, and the next recovery loses or refuses the acknowledged commit', async () => {
    expect(await appendAfterTornTailThenCrash(['append-after-torn-tail'])).toMatchObject({ kind: 'violation' });
  });
});
