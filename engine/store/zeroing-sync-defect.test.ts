/**
 * skip-sync-after-zeroing-torn-tail, step by step on the in-memory file system:
 * the one layout where an unsynced zeroing loses something. A group flush puts
 * tx 4 last in segment 1 and tx 5 first in segment 2; the crash keeps only the
 * segment-2 write. Recovery drops both and zeroes tx 5's record. Tx 6 then
 * takes tx 4's place (same position, size and flush start) and fills segment
 * 1, so its sync never covers segment 2: after a power loss tx 5's record is
 * back and chains onto tx 6. The harness finds the same thing by itself
 * (scenarios/defect-skip-sync-after-zeroing-torn-tail.ts); this pins the mechanism.
 */
import { describe, expect, it } from 'vitest';
import type { DefectName, Write } from '../engine-types.js';
import { EngineError } from '../engine-types.js';
import type { FileSystem } from '../fs/file-system.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { checkRecoveredPrefix } from '../test-support/prefix-checker.js';
import type { IssuedCommit, PrefixVerdict } from '../test-support/prefix-checker.js';
import { openEngine } from './open-engine.js';

function open(fileSystem: FileSystem, defects: readonly DefectName[]) {
  return openEngine({ directory: '/db', fileSystem, segmentSizeBytes: 4096, defects });
}

/** With a 1-byte key, a 960-byte payload: 1008-byte records, four to a 4 KiB segment, the fourth ending 16 bytes before its end. */
const VALUE = 'v'.repeat(947);
const RECORD_BYTES = 1008;
const FOURTH_RECORD_OFFSET = 48 + 3 * RECORD_BYTES;

async function crashAfterRepairThenCommit(defects: readonly DefectName[]): Promise<{ readonly outcome: string; readonly afterFirst: readonly string[]; readonly verdict: PrefixVerdict }> {
  const memory = new MemFileSystem();
  const engine = open(memory, defects);
  const issued: IssuedCommit[] = [];
  const acknowledged = new Set<number>();
  const commit = async (tx: number, writes: readonly Write[]): Promise<void> => {
    issued.push({ tx, writes });
    await engine.commit(tx, writes);
    acknowledged.add(tx);
  };
  for (let tx = 1; tx <= 3; tx += 1) await commit(tx, [[String(tx), VALUE]]);
  // One group flush: tx 4 at the end of segment 1, tx 5 at the start of segment 2.
  await Promise.all([commit(4, [['4', VALUE]]), commit(5, [['5', VALUE]])]);
  // The crash state: the segment-2 write reached the disk, the segment-1 write did not.
  const crashed = memory.crashClone({ unsynced: 'keep' });
  const firstSegment = crashed.open('/db/000000010000000000000001');
  firstSegment.write(new Uint8Array(RECORD_BYTES), FOURTH_RECORD_OFFSET);
  firstSegment.sync('fdatasync');
  firstSegment.close();
  const recovered = open(crashed, defects);
  const afterFirst = recovered.dump().map(([key]) => key);
  // The history goes on from what recovery kept: tx 4 and 5 were dropped.
  issued.splice(3);
  acknowledged.delete(4);
  acknowledged.delete(5);
  issued.push({ tx: 6, writes: [['6', VALUE]] });
  await recovered.commit(6, [['6', VALUE]]);
  acknowledged.add(6);
  let verdict: PrefixVerdict;
  try {
    verdict = checkRecoveredPrefix(issued, acknowledged, open(crashed.crashClone(), defects).dump());
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    verdict = { kind: 'violation', message: `recovery failed: ${error.code}` };
  }
  return { outcome: recovered.recovery.outcome, afterFirst, verdict };
}

describe('skip-sync-after-zeroing-torn-tail', () => {
  it('the correct engine syncs the zeroes, so the dropped commit stays dropped', async () => {
    const result = await crashAfterRepairThenCommit([]);
    expect(result).toMatchObject({ outcome: 'zero-filled-tail', afterFirst: ['1', '2', '3'], verdict: { kind: 'ok', prefixLength: 4 } });
  });

  it('the defect brings the dropped commit back behind the next one', async () => {
    const result = await crashAfterRepairThenCommit(['skip-sync-after-zeroing-torn-tail']);
    expect(result).toMatchObject({ outcome: 'zero-filled-tail', afterFirst: ['1', '2', '3'], verdict: { kind: 'violation', message: expect.stringMatching(/matches no prefix/) } });
  });
});
