/**
 * Property tests against the real file system: random operation sequences run
 * for real on NodeFileSystem through the recording decorator; the builder's
 * process-crash state must equal the real directory, and its power-loss state
 * must equal an independent naive model of synced data and synced entries.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../engine/fs/node-file-system.js';
import { parentDirectory } from '../../engine/fs/file-system.js';
import { RecordingFileSystem } from '../shim/recording-file-system.js';
import { createMemoryTraceSink } from '../trace/trace-sink.js';
import { builderAfter, comparableState } from './test-support/build-at-end.js';
import { readDirectoryTree } from './test-support/read-directory-tree.js';
import { SimpleDurabilityModel } from './test-support/simple-durability-model.js';

const FILE_NAMES = ['a', 'b', 'c', 'd/x', 'd/y'] as const;
const DIRECTORIES = ['.', 'd'] as const;

type Operation =
  | { kind: 'write'; path: string; offsetBytes: number; lengthBytes: number; fill: number; dsync: boolean }
  | { kind: 'append'; path: string; lengthBytes: number; fill: number }
  | { kind: 'truncate'; path: string; sizeBytes: number }
  | { kind: 'sync'; path: string }
  | { kind: 'sync-directory'; path: string }
  | { kind: 'rename'; sourcePath: string; targetPath: string }
  | { kind: 'remove'; path: string }
  | { kind: 'mkdir' };

const pathArbitrary = fc.constantFrom(...FILE_NAMES);
// Weighted so that the interesting combinations (a write, then a directory sync
// without a file sync) show up in a few dozen runs.
const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('write' as const), path: pathArbitrary, offsetBytes: fc.nat(600), lengthBytes: fc.nat(700), fill: fc.integer({ min: 1, max: 255 }), dsync: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('append' as const), path: pathArbitrary, lengthBytes: fc.nat(300), fill: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), path: pathArbitrary, sizeBytes: fc.nat(900) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sync' as const), path: pathArbitrary }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync-directory' as const), path: fc.constantFrom(...DIRECTORIES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), sourcePath: pathArbitrary, targetPath: pathArbitrary }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), path: pathArbitrary }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'mkdir' as const }) },
);

/** Runs one operation on the real (recorded) file system and on the naive model; skips what would fail. */
function run(operation: Operation, fileSystem: RecordingFileSystem, root: string, model: SimpleDurabilityModel): void {
  const real = (path: string): string => nodePath.join(root, path);
  const parentExists = (path: string): boolean => model.hasDirectory(parentDirectory(path));
  switch (operation.kind) {
    case 'write': {
      if (!parentExists(operation.path)) return;
      const data = new Uint8Array(operation.lengthBytes).fill(operation.fill);
      const handle = fileSystem.open(real(operation.path), { create: true, syncMode: operation.dsync ? 'dsync' : 'none' });
      handle.write(data, operation.offsetBytes);
      handle.close();
      model.create(operation.path);
      model.write(operation.path, data, operation.offsetBytes, operation.dsync);
      return;
    }
    case 'append': {
      if (!model.has(operation.path)) return;
      const data = new Uint8Array(operation.lengthBytes).fill(operation.fill);
      const handle = fileSystem.open(real(operation.path));
      handle.append(data);
      handle.close();
      model.write(operation.path, data, model.sizeOf(operation.path), false);
      return;
    }
    case 'truncate': {
      if (!model.has(operation.path)) return;
      const handle = fileSystem.open(real(operation.path));
      handle.truncate(operation.sizeBytes);
      handle.close();
      model.truncate(operation.path, operation.sizeBytes);
      return;
    }
    case 'sync': {
      if (!model.has(operation.path)) return;
      // A descriptor of its own: a sync covers writes made through any other.
      const handle = fileSystem.open(real(operation.path));
      handle.sync('fdatasync');
      handle.close();
      model.sync(operation.path);
      return;
    }
    case 'sync-directory':
      if (!model.hasDirectory(operation.path)) return;
      fileSystem.syncDirectory(real(operation.path));
      model.syncDirectory(operation.path);
      return;
    case 'rename':
      if (!model.has(operation.sourcePath) || !parentExists(operation.targetPath)) return;
      fileSystem.rename(real(operation.sourcePath), real(operation.targetPath));
      model.rename(operation.sourcePath, operation.targetPath);
      return;
    case 'remove':
      if (!model.has(operation.path)) return;
      fileSystem.remove(real(operation.path));
      model.remove(operation.path);
      return;
    case 'mkdir':
      fileSystem.mkdirAll(real('d'));
      model.mkdir('d');
      return;
  }
}

describe('crash states against the real file system', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'unplug-crash-state-'));
  });
  afterAll(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('process-crash equals the real directory; power-loss holds exactly the synced data and entries', () => {
    let runIndex = 0;
    fc.assert(
      fc.property(fc.array(operationArbitrary, { minLength: 5, maxLength: 36, size: 'max' }), (operations) => {
        const root = nodePath.join(scratch, `run-${runIndex++}`);
        fs.mkdirSync(root);
        const sink = createMemoryTraceSink();
        const fileSystem = new RecordingFileSystem(new NodeFileSystem(), { root, sink });
        const model = new SimpleDurabilityModel();
        for (const operation of operations) run(operation, fileSystem, root, model);

        const builder = builderAfter(sink.records);
        expect(comparableState(builder.build('process-crash', 1))).toEqual(comparableState(readDirectoryTree(root)));
        expect(comparableState(builder.build('power-loss', 1))).toEqual(comparableState({ files: model.powerLossFiles(), directories: model.powerLossDirectories() }));
        fs.rmSync(root, { recursive: true, force: true });
      }),
      { numRuns: 80, seed: 20_240_601 },
    );
  });
});
