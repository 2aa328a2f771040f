import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DefectName, SyncMethod } from '../engine-types.js';
import { crashAndCheck, workloadArbitrary } from '../test-support/crash-workload.js';
import type { CrashRunOptions } from '../test-support/crash-workload.js';

/** The durability property: after two successive power losses at random operations, recovery gives an acknowledged-complete prefix. */
function durabilityProperty(options: CrashRunOptions) {
  const cycle = fc.record({ steps: workloadArbitrary(), crashPick: fc.nat() });
  return fc.asyncProperty(fc.array(cycle, { minLength: 1, maxLength: 2 }), async (cycles) => {
    const result = await crashAndCheck(cycles, options);
    if (result.verdict.kind === 'violation') {
      throw new Error(`${result.verdict.message} (crash points ${JSON.stringify(result.crashPoints)})`);
    }
  });
}

describe('durability under power loss at a random operation (MemFileSystem, 4 KiB segments)', () => {
  it('keeps every acknowledged commit and recovers a prefix (fdatasync)', async () => {
    await fc.assert(durabilityProperty({}), { numRuns: 150, seed: 20261122 });
  });

  for (const syncMethod of ['fsync', 'open_datasync', 'open_sync'] as const satisfies readonly SyncMethod[]) {
    it(`keeps every acknowledged commit with sync method ${syncMethod}`, async () => {
      await fc.assert(durabilityProperty({ syncMethod }), { numRuns: 40, seed: 7 });
    });
  }
});

describe('the same property catches the misconfigurations and defects', () => {
  const caught: readonly { name: string; options: CrashRunOptions }[] = [
    { name: 'sync method off', options: { syncMethod: 'off' } },
    ...(['ack-before-sync', 'skip-dir-sync', 'recycle-before-checkpoint-sync'] as const satisfies readonly DefectName[]).map((defect) => ({
      name: `defect ${defect}`,
      options: { defects: [defect] },
    })),
  ];
  for (const { name, options } of caught) {
    it(`finds a violation with ${name}`, async () => {
      const details = await fc.check(durabilityProperty(options), { numRuns: 300, seed: 99, endOnFailure: true });
      expect(details.failed).toBe(true);
      expect(String(details.errorInstance)).toMatch(/acknowledged commit lost|matches no prefix|recovery failed/);
    });
  }
});
