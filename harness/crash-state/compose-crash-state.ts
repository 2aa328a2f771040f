/**
 * Turns the builder's view at one operation boundary, a model and a persistence
 * mask into a crash state. Only the unsynced work is visited: clean files share
 * their durable bytes with every other state (see `byte-image.ts`).
 */
import { assertNever } from '../../engine/invariants.js';
import { createRandom } from '../random/random.js';
import { ByteImage } from './byte-image.js';
import type { CrashModel } from './crash-models.js';
import type { CrashState, LostWork } from './crash-state.js';
import type { MetadataModel } from './metadata-models.js';
import { ancestorsOf, applyDirectoryOperation, type DirectoryNamespace, type Entries, ROOT_DIRECTORY } from './directory-namespace.js';
import { drawPersistenceMask } from './draw-persistence-mask.js';
import type { FileNode } from './file-node.js';
import { FlatFileView } from './flat-file-view.js';
import { blocksBytes, dirtyBlocks, powerLossBytes, prefixBytes, prefixUnitCount, sectorsBytes, sectorUnitCount } from './file-unsynced-units.js';
import type { PagedBytes } from './paged-bytes.js';
import { checkMaskFitsShape, maskKindOfModel, type MaskShape, type PersistenceMask, survivingUnitCount } from './persistence-mask.js';

/** What the builder knows at one operation boundary. */
export interface BoundaryView {
  readonly namespace: DirectoryNamespace;
  /** Files with unsynced operations, in the order of their oldest one. */
  readonly dirtyFiles: readonly FileNode[];
  readonly operationIndex: number;
  /** The metadata model the namespace follows (the state is labelled with it). @defaultValue 'strict' */
  readonly metadata?: MetadataModel;
}

/** The units a mask for `model` must decide at this boundary. */
export function maskShapeAt(view: BoundaryView, model: CrashModel): MaskShape {
  const kind = maskKindOfModel(model);
  const directoryOperationCount = view.namespace.pending.length;
  switch (kind) {
    case 'all':
    case 'none':
      return { kind };
    case 'prefix':
      return { kind, directoryOperationCount, unitCountPerFile: view.dirtyFiles.map(prefixUnitCount) };
    case 'blocks':
      return {
        kind,
        directoryOperationCount,
        unitCountPerFile: view.dirtyFiles.map((node) => {
          const { blockIndexes, truncateCount } = dirtyBlocks(node);
          return blockIndexes.length + truncateCount;
        }),
      };
    case 'sectors':
      return { kind, unitCountPerFile: view.dirtyFiles.map(sectorUnitCount) };
    case 'bitrot':
      return bitrotShape(finish(view.namespace.durable, powerLossBytes).files);
    default:
      return assertNever(kind, 'mask kind');
  }
}

function bitrotShape(powerLossFiles: ReadonlyMap<string, PagedBytes>): MaskShape {
  return { kind: 'bitrot', files: [...powerLossFiles].filter(([, paged]) => paged.sizeBytes > 0).map(([path, paged]) => ({ path, sizeBytes: paged.sizeBytes })) };
}

/** The crash state for `model` at this boundary: `mask` when given (a replay), otherwise one drawn from `seed`. */
export function composeCrashState(view: BoundaryView, model: CrashModel, seed: number, givenMask?: PersistenceMask): CrashState {
  // bitrot's shape is the power-loss state itself: compute it once, for the shape and the contents.
  const powerLoss = model === 'bitrot' ? finish(view.namespace.durable, powerLossBytes) : undefined;
  const shape = powerLoss === undefined ? maskShapeAt(view, model) : bitrotShape(powerLoss.files);
  const mask = givenMask ?? drawPersistenceMask(shape, createRandom(seed).fork(`${model}@${view.operationIndex}`));
  checkMaskFitsShape(mask, shape);
  const { files, directories, entries } = contentsUnder(view, mask, powerLoss);
  const lostWork = findLostWork(view, entries, mask);
  return { model, seed, operationIndex: view.operationIndex, files: new FlatFileView(files), pagedFiles: files, directories, mask, description: describe(view, model, mask), metadata: view.metadata ?? 'strict', ...(lostWork.length === 0 ? {} : { lostWork }) };
}

/** The live bytes of a path the live directory no longer has. */
const NO_BYTES: PagedBytes = Object.freeze({ sizeBytes: 0, pages: Object.freeze([]) });

/** The directory entries a state was composed from (before unreachable ones are left out). */
type Contents = { files: Map<string, PagedBytes>; directories: string[]; entries: Entries };

function contentsUnder(view: BoundaryView, mask: PersistenceMask, powerLoss: Contents | undefined): Contents {
  const { namespace, dirtyFiles } = view;
  const dirtyIndex = new Map(dirtyFiles.map((node, index) => [node, index]));
  const withOperations = (keep: (index: number) => boolean): Entries => {
    const entries: Entries = { files: new Map(namespace.durable.files), directories: new Set(namespace.durable.directories) };
    namespace.pending.forEach((operation, index) => keep(index) && applyDirectoryOperation(entries, operation));
    return entries;
  };
  const perDirtyFile = (compose: (node: FileNode, index: number) => PagedBytes) => (node: FileNode) => {
    const index = dirtyIndex.get(node);
    return index === undefined ? node.synced.paged() : compose(node, index);
  };
  switch (mask.kind) {
    case 'all':
      return finish(namespace.live, (node) => node.current.paged());
    case 'none':
      return finish(namespace.durable, powerLossBytes);
    case 'prefix':
      return finish(
        withOperations((index) => index < mask.directoryOperationsKept),
        perDirtyFile((node, index) => prefixBytes(node, mask.unitsKeptPerFile[index] ?? 0)),
      );
    case 'blocks':
      return finish(
        withOperations((index) => mask.directoryOperations[index] === true),
        perDirtyFile((node, index) => blocksBytes(node, mask.unitsPerFile[index] ?? [])),
      );
    case 'sectors': {
      // Each file draws its garbage from its own fork, so a file's bytes do not depend on which other files are reachable.
      const garbage = createRandom(mask.garbageSeed);
      return finish(
        namespace.durable,
        perDirtyFile((node, index) => sectorsBytes(node, mask.unitsPerFile[index] ?? [], garbage.fork(`file ${index}`))),
      );
    }
    case 'bitrot': {
      const contents = powerLoss ?? finish(namespace.durable, powerLossBytes);
      if (mask.flip !== undefined) {
        const image = ByteImage.ofPaged(contents.files.get(mask.flip.path) ?? { sizeBytes: 0, pages: [] });
        image.flipBit(mask.flip.bitOffset);
        contents.files.set(mask.flip.path, image.paged());
      }
      return contents;
    }
    default:
      return assertNever(mask, 'persistence mask');
  }
}

function finish(entries: Entries, contentOf: (node: FileNode) => PagedBytes): Contents {
  const directories = [...entries.directories].filter((directory) => directory !== ROOT_DIRECTORY && isReachable(entries, directory)).sort();
  return { files: reachableFiles(entries, contentOf), directories, entries };
}

/**
 * What the state lost of the live directory, and by which rule: a live file
 * the state does not reach through the same entry (its create, rename or a
 * parent's mkdir never became durable), a removed file the state still has (its
 * unlink never became durable), or one it reaches whose data had
 * unsynced work the mask did not keep whole. Reports use it to say which rule
 * lost a commit (`loss-rule.ts`).
 */
function findLostWork(view: BoundaryView, entries: Entries, mask: PersistenceMask): LostWork[] {
  if (mask.kind === 'all') return [];
  const dirty = new Set(view.dirtyFiles);
  const lost: LostWork[] = [];
  for (const [path, node] of view.namespace.live.files) {
    if (!isReachable(view.namespace.live, path)) continue;
    if (entries.files.get(path) !== node || !isReachable(entries, path)) lost.push({ path, rule: 'directory-entry', live: node.current.paged() });
    else if (dirty.has(node)) lost.push({ path, rule: 'data', unsyncedWrites: node.pending.flatMap((operation) => (operation.kind === 'write' && !operation.durable ? [operation.data] : [])) });
  }
  // An entry the state has and the live directory no longer does: its unlink (or a rename away) never became durable,
  // like the rollback journal whose removal commits a SQLite transaction.
  for (const path of entries.files.keys()) {
    if (!view.namespace.live.files.has(path) && isReachable(entries, path)) lost.push({ path, rule: 'directory-entry', live: NO_BYTES });
  }
  return lost;
}

/** The files whose every ancestor directory exists, sorted by path; an inode linked twice is composed once. */
function reachableFiles(entries: Entries, contentOf: (node: FileNode) => PagedBytes): Map<string, PagedBytes> {
  const composed = new Map<FileNode, PagedBytes>();
  const files = new Map<string, PagedBytes>();
  for (const path of [...entries.files.keys()].sort()) {
    if (!isReachable(entries, path)) continue;
    const node = entries.files.get(path) as FileNode;
    let bytes = composed.get(node);
    if (bytes === undefined) {
      bytes = contentOf(node);
      composed.set(node, bytes);
    }
    files.set(path, bytes);
  }
  return files;
}

function isReachable(entries: Entries, path: string): boolean {
  return ancestorsOf(path).every((directory) => entries.directories.has(directory));
}

function describe(view: BoundaryView, model: CrashModel, mask: PersistenceMask): string {
  const directoryOperationCount = view.namespace.pending.length;
  const at = `${model} after operation ${view.operationIndex}`;
  const unsynced = `${directoryOperationCount} unsynced directory operations, ${view.dirtyFiles.length} files with unsynced data`;
  switch (mask.kind) {
    case 'all':
      return `${at}: everything survived (${unsynced})`;
    case 'none':
      return `${at}: only synced work survived (lost ${unsynced})`;
    case 'prefix':
    case 'blocks':
    case 'sectors':
      return `${at}: ${survivingUnitCount(mask)} unsynced units reached the disk (of ${unsynced})`;
    case 'bitrot':
      return mask.flip === undefined ? `${at}: no synced byte to flip` : `${at}: bit ${mask.flip.bitOffset} of ${mask.flip.path} flipped in the power-loss state`;
    default:
      return assertNever(mask, 'persistence mask');
  }
}
