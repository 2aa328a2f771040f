import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinPath } from './file-system.js';
import { MemFileSystem } from './mem-file-system.js';
import { snapshotTree } from './test-support/file-system-snapshot.js';
import type { TreeSnapshot } from './test-support/file-system-snapshot.js';
import { applyOperation, fileSystemWorkload } from './test-support/file-system-operations.js';
import type { FileSystemOperation } from './test-support/file-system-operations.js';

/** A MemFileSystem after `workload` ran in its `/run` directory. */
function afterWorkload(workload: readonly FileSystemOperation[]): MemFileSystem {
  const fileSystem = new MemFileSystem();
  fileSystem.mkdirAll('/run');
  const target = { fileSystem, root: '/run', handles: [] };
  for (const operation of workload) applyOperation(target, operation);
  return fileSystem;
}

/** Syncs every file and every directory of the tree, as a careful engine would before a checkpoint. */
function syncEverything(fileSystem: MemFileSystem, tree: TreeSnapshot): void {
  for (const [relative, entry] of Object.entries(tree)) {
    const entryPath = joinPath('/', relative);
    if (entry === 'directory') {
      fileSystem.syncDirectory(entryPath);
    } else {
      const handle = fileSystem.open(entryPath, { readOnly: true });
      handle.sync('fsync');
      handle.close();
    }
  }
  fileSystem.syncDirectory('/');
}

describe('MemFileSystem crash clones on random workloads', () => {
  it("a 'keep' clone shows exactly the live state", () => {
    fc.assert(
      fc.property(fileSystemWorkload(40), (workload) => {
        const fileSystem = afterWorkload(workload);
        expect(snapshotTree(fileSystem.crashClone({ unsynced: 'keep' }), '/')).toEqual(snapshotTree(fileSystem, '/'));
      }),
      { numRuns: 200 },
    );
  });

  it("a power loss after everything was synced loses nothing", () => {
    fc.assert(
      fc.property(fileSystemWorkload(40), (workload) => {
        const fileSystem = afterWorkload(workload);
        const live = snapshotTree(fileSystem, '/');
        syncEverything(fileSystem, live);
        expect(snapshotTree(fileSystem.crashClone(), '/')).toEqual(live);
      }),
      { numRuns: 200 },
    );
  });

  it('a power loss is idempotent, and a process crash before it changes nothing', () => {
    fc.assert(
      fc.property(fileSystemWorkload(40), (workload) => {
        const fileSystem = afterWorkload(workload);
        const powerLoss = snapshotTree(fileSystem.crashClone(), '/');
        expect(snapshotTree(fileSystem.crashClone().crashClone(), '/')).toEqual(powerLoss);
        expect(snapshotTree(fileSystem.crashClone({ unsynced: 'keep' }).crashClone(), '/')).toEqual(powerLoss);
      }),
      { numRuns: 200 },
    );
  });

  it('the properties can fail: without the final sync, some workload loses data', () => {
    const lossy = fc.check(
      fc.property(fileSystemWorkload(40), (workload) => {
        const fileSystem = afterWorkload(workload);
        expect(snapshotTree(fileSystem.crashClone(), '/')).toEqual(snapshotTree(fileSystem, '/'));
      }),
      { numRuns: 200, seed: 7 },
    );
    expect(lossy.failed).toBe(true);
  });
});
