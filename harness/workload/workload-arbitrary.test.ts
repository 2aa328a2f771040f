import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIntactCommitValue, parseCommitValue } from './commit-value.js';
import { generateWorkload } from './generate-workload.js';
import { workloadArbitrary } from './workload-arbitrary.js';
import { workloadCommits } from './workload-types.js';

describe('workloads', () => {
  it('are deterministic per seed and differ between seeds', () => {
    const options = { operationCount: 20, keyCount: 5, checkpointFraction: 0.1 };
    expect(generateWorkload(42, options)).toEqual(generateWorkload(42, options));
    expect(generateWorkload(42, options)).not.toEqual(generateWorkload(43, options));
    expect(generateWorkload(42, options).operations).toHaveLength(20);
  });

  it('number transactions densely and write only self-describing values of their own', () => {
    fc.assert(
      fc.property(workloadArbitrary({ operationCount: 15, keyCount: 4, firstTx: 100, valueSizeBytesMax: 2000, checkpointFraction: 0.2 }), (workload) => {
        const commits = workloadCommits(workload);
        commits.forEach((commit, index) => {
          expect(commit.tx).toBe(100 + index);
          const keys = commit.writes.map(([key]) => key);
          expect(new Set(keys).size).toBe(keys.length);
          for (const [key, value] of commit.writes) {
            if (value === null) continue;
            expect(parseCommitValue(value)).toEqual({ tx: commit.tx, key });
            expect(isIntactCommitValue(value)).toBe(true);
            expect(value.length).toBeLessThanOrEqual(2000 + 20);
          }
        });
      }),
      { numRuns: 50 },
    );
  });

  it('include deletes, checkpoints, multi-key commits and large values', () => {
    const workload = generateWorkload(7, { operationCount: 400, keyCount: 8, checkpointFraction: 0.05 });
    const commits = workloadCommits(workload);
    const writes = commits.flatMap((commit) => commit.writes);
    expect(writes.some(([, value]) => value === null)).toBe(true);
    expect(workload.operations.some((operation) => operation.kind === 'checkpoint')).toBe(true);
    expect(commits.some((commit) => commit.writes.length > 1)).toBe(true);
    expect(writes.some(([, value]) => value !== null && value.length > 4096)).toBe(true);
  });
});
