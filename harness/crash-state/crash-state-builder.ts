/**
 * The crash-state builder: streams a trace and, at any operation boundary,
 * builds what the disk could hold if the plug were pulled there.
 *
 * Semantics (docs/fault-models.md, strict POSIX on Linux):
 * - Synced data and synced directory entries always survive.
 * - A `sync` record (fsync or fdatasync) makes every earlier write and truncate
 *   of that file id durable: sync applies to the file, not the descriptor.
 * - A write whose `syncMode` is 'dsync' or 'sync' (O_DSYNC / O_SYNC) is durable
 *   when it returns; a truncate is durable only after a sync.
 * - A create, rename, remove or mkdir is durable only after its parent directory
 *   is synced (`sync-directory`). Entries under a directory whose own entry did
 *   not survive are unreachable, so they are not in the state.
 * - A `fault` record of kind 'eio-fsync' (fsyncgate): the file's unsynced data is
 *   dropped from what can ever become durable, as Linux marks the dirty pages
 *   clean; a later successful sync does not bring it back. A process crash still
 *   sees it, since the page cache keeps serving it. A failed directory sync
 *   ('eio-fsync' on operation 'sync-directory') leaves its entries unsynced.
 * - `output` records and other faults change nothing on disk (a short write is
 *   recorded as the write of the bytes that made it).
 *
 * What each model keeps of the unsynced work (files: `file-unsynced-units.ts`):
 *   process-crash      everything: the live directory (the OS stayed up).
 *   power-loss         nothing unsynced: no data, no directory operation.
 *   power-loss-prefix  per file a seeded prefix of its unsynced bytes (RocksDB
 *                      DropRandomUnsyncedData); a seeded prefix of the unsynced
 *                      directory operations, in trace order.
 *   power-loss-blocks  each unsynced 4 KiB block and each unsynced directory
 *                      operation kept with a seeded probability (Pebble
 *                      CrashClone); dropped blocks past the durable end read as zeros.
 *   torn-sectors       each 512-byte sector piece of each unsynced write written,
 *                      dropped, or garbage (SQLite crash VFS); directory
 *                      operations as power-loss (all lost).
 *   bitrot             the power-loss state with one seeded bit flipped in its
 *                      synced bytes (Jepsen bitflip).
 *
 * Boundaries: "operation index N" is the state after the first N file-system
 * records (every kind but 'output' and 'fault'), which is also the shim's crash
 * point numbering (SIGKILL after operation N-1 leaves N operations done).
 * Records that are not file-system operations apply to the boundary before them.
 *
 * Cost: `apply` is O(record) (plus a copy of a file's bytes the first time it
 * changes after a state shared them); `build` visits the namespace and only the
 * unsynced work of dirty files.
 */
import { syncCommitsAllMetadata, type MetadataModel } from './metadata-models.js';
import { assertNever } from '../../engine/invariants.js';
import type { TraceRecord } from '../trace/trace-record.js';
import type { CrashModel } from './crash-models.js';
import type { CrashState } from './crash-state.js';
import { CrashStateError } from './crash-state-error.js';
import { composeCrashState, maskShapeAt, type BoundaryView } from './compose-crash-state.js';
import { DirectoryNamespace, normalisePath } from './directory-namespace.js';
import { FileNode } from './file-node.js';
import type { MaskShape, PersistenceMask } from './persistence-mask.js';

/** Fault names whose record makes the builder drop a file's dirty data. */
export const EIO_SYNC_FAULT_NAMES: readonly string[] = Object.freeze(['eio-fsync']);

/** Options of `createCrashStateBuilder`. */
export interface CrashStateBuilderOptions {
  /** The directory's files when tracing began, all durable (e.g. the previous cycle's crash state). */
  readonly base?: ReadonlyMap<string, Uint8Array>;
  /** Directories (even empty ones) present and durable when tracing began. */
  readonly baseDirectories?: readonly string[];
  /** When directory operations become durable (metadata-models.ts). @defaultValue 'strict' */
  readonly metadata?: MetadataModel;
}

/** Streams trace records and builds crash states at the current boundary. */
export interface CrashStateBuilder {
  /** Applies the next record of the trace. */
  apply(record: TraceRecord): void;
  /** The number of file-system records applied so far: the current operation boundary. */
  readonly operationCount: number;
  /** The crash state at the current boundary; `mask` replays a known one instead of drawing from `seed`. */
  build(model: CrashModel, seed: number, mask?: PersistenceMask): CrashState;
  /** The units a mask for `model` must decide at the current boundary (for arbitraries and replay checks). */
  maskShape(model: CrashModel): MaskShape;
}

/** A new builder, starting from `options.base` (empty by default). */
export function createCrashStateBuilder(options: CrashStateBuilderOptions = {}): CrashStateBuilder {
  return new StreamingCrashStateBuilder(options);
}

class StreamingCrashStateBuilder implements CrashStateBuilder {
  private readonly namespace = new DirectoryNamespace();
  private readonly filesById = new Map<number, FileNode>();
  /** The last file seen at each path, even after a rename: fault records name a descriptor's original path. */
  private readonly lastFileAtPath = new Map<string, FileNode>();
  /** Files with unsynced operations; a Set keeps them in the order they became dirty. */
  private readonly dirtyFiles = new Set<FileNode>();
  private applied = 0;
  private recordIndex = 0;

  private readonly journalCommitsOnSync: boolean;
  private readonly metadata: MetadataModel;

  constructor(options: CrashStateBuilderOptions) {
    this.metadata = options.metadata ?? 'strict';
    this.journalCommitsOnSync = syncCommitsAllMetadata(this.metadata);
    for (const directory of options.baseDirectories ?? []) this.namespace.addDurable(normalisePath(directory), undefined);
    for (const [path, bytes] of options.base ?? []) {
      const normal = normalisePath(path);
      const node = new FileNode(normal, bytes);
      this.namespace.addDurable(normal, node);
      this.lastFileAtPath.set(normal, node);
    }
  }

  get operationCount(): number {
    return this.applied;
  }

  apply(record: TraceRecord): void {
    try {
      this.applyRecord(record);
    } catch (error) {
      // Name the record, so a trace the builder cannot follow is easy to inspect.
      if (error instanceof CrashStateError) throw new CrashStateError(error.code, `trace record ${this.recordIndex}: ${error.detail}`);
      throw error;
    } finally {
      this.recordIndex += 1;
    }
  }

  private applyRecord(record: TraceRecord): void {
    switch (record.kind) {
      case 'mkdir':
        this.namespace.mkdir(normalisePath(record.path));
        break;
      case 'create': {
        const path = normalisePath(record.path);
        const node = new FileNode(path);
        this.namespace.link(path, node);
        this.bind(record.fileId, path, node);
        break;
      }
      case 'open': {
        const path = normalisePath(record.path);
        const node = this.namespace.live.files.get(path);
        if (node === undefined) throw new CrashStateError('UNKNOWN_PATH', `open ${path} (file id ${record.fileId}): no such file in the base image or the trace so far`);
        // The path is authoritative at open time: an id seen before may name a recycled inode.
        this.bind(record.fileId, path, node);
        break;
      }
      case 'write':
      case 'truncate': {
        const node = this.fileWithId(record.fileId);
        if (record.kind === 'write') node.write(record.data, record.offsetBytes, record.syncMode);
        else node.truncate(record.sizeBytes);
        // Adding keeps an already dirty file where it was: files stay in the order they became dirty.
        if (node.isDirty) this.dirtyFiles.add(node);
        break;
      }
      case 'sync': {
        const node = this.fileWithId(record.fileId);
        node.sync();
        this.dirtyFiles.delete(node);
        if (this.journalCommitsOnSync) this.namespace.commitAll();
        break;
      }
      case 'sync-directory':
        if (this.journalCommitsOnSync) this.namespace.commitAll();
        else this.namespace.syncDirectory(normalisePath(record.path));
        break;
      case 'rename': {
        const sourcePath = normalisePath(record.sourcePath);
        const targetPath = normalisePath(record.targetPath);
        const node = this.namespace.live.files.get(sourcePath);
        this.namespace.rename(sourcePath, targetPath);
        if (node !== undefined) this.lastFileAtPath.set(targetPath, node);
        break;
      }
      case 'remove':
        this.namespace.unlink(normalisePath(record.path));
        break;
      case 'output':
        return;
      case 'fault':
        // A failed directory sync leaves the entries unsynced, which they already are.
        if (EIO_SYNC_FAULT_NAMES.includes(record.fault) && record.operation !== 'sync-directory') this.dropUnsynced(normalisePath(record.path));
        return;
      default:
        assertNever(record, 'trace record');
    }
    this.applied += 1;
  }

  build(model: CrashModel, seed: number, mask?: PersistenceMask): CrashState {
    return composeCrashState(this.view(), model, seed, mask);
  }

  maskShape(model: CrashModel): MaskShape {
    return maskShapeAt(this.view(), model);
  }

  private view(): BoundaryView {
    return { namespace: this.namespace, dirtyFiles: [...this.dirtyFiles], operationIndex: this.applied, metadata: this.metadata };
  }

  private bind(fileId: number, path: string, node: FileNode): void {
    this.filesById.set(fileId, node);
    this.lastFileAtPath.set(path, node);
  }

  private fileWithId(fileId: number): FileNode {
    const node = this.filesById.get(fileId);
    if (node === undefined) throw new CrashStateError('UNKNOWN_FILE_ID', `file id ${fileId} was never created or opened`);
    return node;
  }

  private dropUnsynced(path: string): void {
    const node = this.namespace.live.files.get(path) ?? this.lastFileAtPath.get(path);
    if (node === undefined) throw new CrashStateError('UNKNOWN_PATH', `eio-fsync fault on ${path}: no such file in the base image or the trace so far`);
    node.dropUnsynced();
    this.dirtyFiles.delete(node);
  }

}
