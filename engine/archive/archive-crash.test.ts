import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DefectName } from '../engine-types.js';
import { workloadArbitrary } from '../test-support/crash-workload.js';
import { archiveCrashCheck } from '../test-support/archive-crash-check.js';

function coverageProperty(defects: readonly DefectName[] = []) {
  return fc.asyncProperty(workloadArbitrary(14), fc.nat(), async (steps, crashPick) => {
    const result = await archiveCrashCheck(steps, crashPick, defects);
    if (result.kind === 'violation') throw new Error(`${result.message} (crash before operation ${result.crashAtOperation})`);
  });
}

describe('archive coverage under power loss at a random operation (MemFileSystem, 4 KiB segments)', () => {
  it('backup + archive + WAL always restore exactly what the store recovers', async () => {
    await fc.assert(coverageProperty(), { numRuns: 80, seed: 20261202 });
  });

  for (const defect of ['recycle-before-archived', 'archive-rename-without-dir-sync'] as const satisfies readonly DefectName[]) {
    it(`catches the ${defect} defect`, async () => {
      const details = await fc.check(coverageProperty([defect]), { numRuns: 300, seed: 99, endOnFailure: true });
      expect(details.failed).toBe(true);
      expect(String(details.errorInstance)).toMatch(/do not cover the store's history|restore failed/);
    });
  }
});
