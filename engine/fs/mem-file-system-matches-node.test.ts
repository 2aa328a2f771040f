import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemFileSystem } from './mem-file-system.js';
import { NodeFileSystem } from './node-file-system.js';
import { closeAll, fileSystemWorkload, findDisagreement } from './test-support/file-system-operations.js';
import type { FileSystemOperation, WorkloadTarget } from './test-support/file-system-operations.js';

/** A MemFileSystem that forgets to zero-fill a file grown by truncate: the comparison must catch it. */
class NoZeroFillMemFileSystem extends MemFileSystem {
  override open(...args: Parameters<MemFileSystem['open']>) {
    const handle = super.open(...args);
    const truncate = handle.truncate.bind(handle);
    handle.truncate = (sizeBytes: number) => {
      truncate(sizeBytes);
      if (sizeBytes > 0) handle.write(Uint8Array.of(0xff), sizeBytes - 1);
    };
    return handle;
  }
}

describe('MemFileSystem matches NodeFileSystem (Node is the ground truth)', () => {
  let scratch: string;
  let runs = 0;
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-fs-model-'));
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  function targets(memFileSystem: MemFileSystem): { node: WorkloadTarget; mem: WorkloadTarget } {
    runs += 1;
    const nodeRoot = path.join(scratch, `run-${runs}`);
    fs.mkdirSync(nodeRoot);
    memFileSystem.mkdirAll('/run');
    return {
      node: { fileSystem: new NodeFileSystem(), root: nodeRoot, handles: [] },
      mem: { fileSystem: memFileSystem, root: '/run', handles: [] },
    };
  }

  function disagreementOf(workload: readonly FileSystemOperation[], memFileSystem = new MemFileSystem()) {
    const { node, mem } = targets(memFileSystem);
    try {
      return findDisagreement(workload, node, mem);
    } finally {
      closeAll(node);
      closeAll(mem);
    }
  }

  it('gives identical results, error codes and final trees on random workloads', () => {
    fc.assert(
      fc.property(fileSystemWorkload(30), (workload) => {
        expect(disagreementOf(workload)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('reports a disagreement when the model is wrong (a truncate that does not zero-fill)', () => {
    const workload: FileSystemOperation[] = [
      { kind: 'open', file: 'a', create: true, exclusive: false, truncate: false, readOnly: false },
      { kind: 'truncate', handle: 0, sizeBytes: 3 },
      { kind: 'read', handle: 0, offsetBytes: 0, lengthBytes: 3 },
    ];
    expect(disagreementOf(workload)).toBeUndefined();
    const disagreement = disagreementOf(workload, new NoZeroFillMemFileSystem());
    expect(disagreement?.step).toBe(2);
    expect(disagreement?.actual).toEqual({ ok: [0, 0, 0xff] });
  });

  it('compares the final tree too, not only the results', () => {
    const workload: FileSystemOperation[] = [{ kind: 'open', file: 'b', create: true, exclusive: false, truncate: false, readOnly: false }];
    const { node, mem } = targets(new MemFileSystem());
    node.fileSystem.open(path.join(node.root, 'stray'), { create: true }).close();
    const disagreement = findDisagreement(workload, node, mem);
    closeAll(node);
    closeAll(mem);
    expect(disagreement?.operation).toBe('final tree');
  });
});
