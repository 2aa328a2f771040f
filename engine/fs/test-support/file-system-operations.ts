/**
 * Random file-system workloads as plain data, for model-based tests: the same
 * operations run on two file systems must give the same results, the same
 * error codes and the same final tree.
 */
import fc from 'fast-check';
import { assertNever } from '../../invariants.js';
import type { FileHandle, FileSystem, SyncKind } from '../file-system.js';
import { FileSystemError, joinPath } from '../file-system.js';
import { snapshotTree } from './file-system-snapshot.js';
import type { TreeSnapshot } from './file-system-snapshot.js';

/** One step of a workload; `handle` picks among the handles opened so far (modulo their count). */
export type FileSystemOperation =
  | { readonly kind: 'open'; readonly file: string; readonly create: boolean; readonly exclusive: boolean; readonly truncate: boolean; readonly readOnly: boolean }
  | { readonly kind: 'write'; readonly handle: number; readonly offsetBytes: number; readonly data: readonly number[] }
  | { readonly kind: 'append'; readonly handle: number; readonly data: readonly number[] }
  | { readonly kind: 'read'; readonly handle: number; readonly offsetBytes: number; readonly lengthBytes: number }
  | { readonly kind: 'truncate'; readonly handle: number; readonly sizeBytes: number }
  | { readonly kind: 'sync'; readonly handle: number; readonly syncKind: SyncKind }
  | { readonly kind: 'size'; readonly handle: number }
  | { readonly kind: 'close'; readonly handle: number }
  | { readonly kind: 'rename'; readonly source: string; readonly target: string }
  | { readonly kind: 'remove'; readonly file: string }
  | { readonly kind: 'mkdirAll'; readonly directory: string }
  | { readonly kind: 'syncDirectory'; readonly directory: string }
  | { readonly kind: 'list'; readonly directory: string }
  | { readonly kind: 'readFile'; readonly file: string };

/** What an operation returned, or the code it failed with. */
export type OperationOutcome = { readonly ok: unknown } | { readonly error: string };

/** Files and directories a workload touches: few names, so operations collide. */
const FILE_NAMES = ['a', 'b', 'sub/c', 'sub'] as const;
const DIRECTORY_NAMES = ['', 'sub', 'a'] as const;

const fileName = fc.constantFrom(...FILE_NAMES);
const directoryName = fc.constantFrom(...DIRECTORY_NAMES);
const handleIndex = fc.nat({ max: 7 });
const smallBytes = fc.array(fc.nat({ max: 255 }), { maxLength: 12 });
const offset = fc.nat({ max: 40 });

/** An arbitrary workload of up to `lengthMax` operations. */
export function fileSystemWorkload(lengthMax = 30): fc.Arbitrary<FileSystemOperation[]> {
  const operation: fc.Arbitrary<FileSystemOperation> = fc.oneof(
    fc.record({ kind: fc.constant('open' as const), file: fileName, create: fc.boolean(), exclusive: fc.boolean(), truncate: fc.boolean(), readOnly: fc.boolean() })
      .map((open) => ({ ...open, truncate: open.truncate && !open.readOnly })),
    fc.record({ kind: fc.constant('write' as const), handle: handleIndex, offsetBytes: offset, data: smallBytes }),
    fc.record({ kind: fc.constant('append' as const), handle: handleIndex, data: smallBytes }),
    fc.record({ kind: fc.constant('read' as const), handle: handleIndex, offsetBytes: offset, lengthBytes: fc.nat({ max: 20 }) }),
    fc.record({ kind: fc.constant('truncate' as const), handle: handleIndex, sizeBytes: offset }),
    fc.record({ kind: fc.constant('sync' as const), handle: handleIndex, syncKind: fc.constantFrom<SyncKind>('fsync', 'fdatasync') }),
    fc.record({ kind: fc.constant('size' as const), handle: handleIndex }),
    fc.record({ kind: fc.constant('close' as const), handle: handleIndex }),
    fc.record({ kind: fc.constant('rename' as const), source: fileName, target: fileName }),
    fc.record({ kind: fc.constant('remove' as const), file: fileName }),
    fc.record({ kind: fc.constant('mkdirAll' as const), directory: directoryName }),
    fc.record({ kind: fc.constant('syncDirectory' as const), directory: directoryName }),
    fc.record({ kind: fc.constant('list' as const), directory: directoryName }),
    fc.record({ kind: fc.constant('readFile' as const), file: fileName }),
  );
  return fc.array(operation, { maxLength: lengthMax });
}

/** A file system under test: where the workload runs, and its open handles. */
export interface WorkloadTarget {
  readonly fileSystem: FileSystem;
  readonly root: string;
  readonly handles: FileHandle[];
}

function pickHandle(target: WorkloadTarget, index: number): FileHandle | undefined {
  return target.handles.length === 0 ? undefined : target.handles[index % target.handles.length];
}

function perform(target: WorkloadTarget, operation: FileSystemOperation): unknown {
  const { fileSystem } = target;
  const at = (relative: string): string => joinPath(target.root, relative);
  switch (operation.kind) {
    case 'open': {
      const { file, create, exclusive, truncate, readOnly } = operation;
      target.handles.push(fileSystem.open(at(file), { create, exclusive, truncate, readOnly }));
      return target.handles.length - 1;
    }
    case 'write':
      return pickHandle(target, operation.handle)?.write(Uint8Array.from(operation.data), operation.offsetBytes);
    case 'append':
      return pickHandle(target, operation.handle)?.append(Uint8Array.from(operation.data));
    case 'read': {
      const data = pickHandle(target, operation.handle)?.read(operation.offsetBytes, operation.lengthBytes);
      return data === undefined ? undefined : [...data];
    }
    case 'truncate':
      return pickHandle(target, operation.handle)?.truncate(operation.sizeBytes);
    case 'sync':
      return pickHandle(target, operation.handle)?.sync(operation.syncKind);
    case 'size':
      return pickHandle(target, operation.handle)?.sizeBytes();
    case 'close':
      return pickHandle(target, operation.handle)?.close();
    case 'rename':
      return fileSystem.rename(at(operation.source), at(operation.target));
    case 'remove':
      return fileSystem.remove(at(operation.file));
    case 'mkdirAll':
      return fileSystem.mkdirAll(at(operation.directory));
    case 'syncDirectory':
      return fileSystem.syncDirectory(at(operation.directory));
    case 'list':
      return fileSystem.list(at(operation.directory));
    case 'readFile':
      return [...fileSystem.readFile(at(operation.file))];
    default:
      return assertNever(operation, 'file-system operation');
  }
}

/** Runs one operation, turning a `FileSystemError` into its code; any other error is a bug and propagates. */
export function applyOperation(target: WorkloadTarget, operation: FileSystemOperation): OperationOutcome {
  try {
    return { ok: perform(target, operation) };
  } catch (error) {
    if (error instanceof FileSystemError) return { error: error.code };
    throw error;
  }
}

/** Where two file systems first disagreed on a workload. */
export interface Disagreement {
  readonly step: number;
  readonly operation: FileSystemOperation | 'final tree';
  readonly expected: OperationOutcome | TreeSnapshot;
  readonly actual: OperationOutcome | TreeSnapshot;
}

/** Runs `workload` on both targets; the first disagreement (in results, codes or final tree), or undefined. */
export function findDisagreement(
  workload: readonly FileSystemOperation[],
  expected: WorkloadTarget,
  actual: WorkloadTarget,
): Disagreement | undefined {
  for (const [step, operation] of workload.entries()) {
    const expectedOutcome = applyOperation(expected, operation);
    const actualOutcome = applyOperation(actual, operation);
    if (JSON.stringify(expectedOutcome) !== JSON.stringify(actualOutcome)) {
      return { step, operation, expected: expectedOutcome, actual: actualOutcome };
    }
  }
  const expectedTree = snapshotTree(expected.fileSystem, expected.root);
  const actualTree = snapshotTree(actual.fileSystem, actual.root);
  if (JSON.stringify(expectedTree) !== JSON.stringify(actualTree)) {
    return { step: workload.length, operation: 'final tree', expected: expectedTree, actual: actualTree };
  }
  return undefined;
}

/** Closes every handle still open, ignoring the ones already closed. */
export function closeAll(target: WorkloadTarget): void {
  for (const handle of target.handles) {
    try {
      handle.close();
    } catch (error) {
      if (!(error instanceof FileSystemError)) throw error;
    }
  }
}
