/**
 * The recording decorator: records every file-system operation under the root
 * into a trace (`trace-record.ts`), AFTER the operation completed and BEFORE it
 * returns, then gives the crash point its chance to kill the process.
 *
 * - File ids name files, not paths (`file-id-registry.ts`); a rename keeps the id.
 * - An open that created the file records 'create' then 'open'; an open that
 *   truncated an existing file records 'open' then 'truncate' to 0.
 * - Appends record the offset they landed at; writes carry the handle's syncMode.
 * - `mkdirAll` records a 'mkdir' for each directory below the root it created.
 * - Operations outside the root pass through unrecorded. A rename across the
 *   root's boundary is recorded as what the root sees: a 'remove' (moved out),
 *   or a 'create' plus a 'write' of the whole file (moved in).
 * - Reads, lists, exists and close record nothing.
 *
 * Every record but 'fault' counts towards the crash point's index (see
 * `crash-point.ts`).
 */
import type { FileHandle, FileSystem, OpenOptions, SyncKind, WriteSyncMode } from '../../engine/fs/file-system.js';
import { parentDirectory } from '../../engine/fs/file-system.js';
import { ForwardingFileHandle, ForwardingFileSystem } from '../../engine/fs/forwarding-file-system.js';
import type { TraceRecord } from '../trace/trace-record.js';
import type { TraceSink } from '../trace/trace-sink.js';
import type { CrashPoint } from './crash-point.js';
import { FileIdRegistry } from './file-id-registry.js';
import { createRootRelativePath, type RootRelativePath } from './shim-root.js';

/** What the recorder needs: the root, where records go, and the crash point. */
export interface RecordingOptions {
  readonly root: string;
  readonly sink: TraceSink;
  readonly crashPoint?: CrashPoint;
}

/** An injected fault to record (written by the fault decorator through `recordFault`). */
export interface RecordedFault {
  readonly fault: string;
  readonly operation: string;
  /** The path the failed operation named. */
  readonly path: string;
  /** The handle the operation went through, when it was a handle operation: names the file even after a rename. */
  readonly handle?: FileHandle;
}

/** A `FileSystem` decorator that records every operation under the root into a trace. */
export class RecordingFileSystem extends ForwardingFileSystem {
  private readonly relativeToRoot: RootRelativePath;
  private readonly fileIds = new FileIdRegistry();
  private readonly fileIdByHandle = new WeakMap<FileHandle, number>();
  private fileSystemRecordCount = 0;

  constructor(
    inner: FileSystem,
    private readonly options: RecordingOptions,
  ) {
    super(inner);
    this.relativeToRoot = createRootRelativePath(options.root);
  }

  /** File-system records appended so far (the next crash-point index). */
  get recordedOperationCount(): number {
    return this.fileSystemRecordCount;
  }

  override open(path: string, options: OpenOptions = {}): FileHandle {
    const relativePath = this.relativeToRoot(path);
    if (relativePath === undefined) return this.inner.open(path, options);
    const existedBefore = options.create !== true || this.fileIds.idOf(relativePath) !== undefined || this.inner.exists(path);
    const innerHandle = this.inner.open(path, options);
    const syncMode = options.syncMode ?? 'none';
    const fileId = existedBefore ? this.fileIds.idOrAssign(relativePath) : this.fileIds.assign(relativePath);
    if (!existedBefore) this.record({ kind: 'create', path: relativePath, fileId });
    this.record({ kind: 'open', path: relativePath, fileId, syncMode });
    if (existedBefore && options.truncate === true) this.record({ kind: 'truncate', fileId, sizeBytes: 0 });
    const handle = new RecordingFileHandle(innerHandle, fileId, syncMode, (record) => this.record(record));
    this.fileIdByHandle.set(handle, fileId);
    return handle;
  }

  override rename(sourcePath: string, targetPath: string): void {
    const relativeSource = this.relativeToRoot(sourcePath);
    const relativeTarget = this.relativeToRoot(targetPath);
    // Only a rename into the root from outside needs to know whether it replaced a file.
    const isMoveIn = relativeSource === undefined && relativeTarget !== undefined;
    const replacedTarget = isMoveIn && (this.fileIds.idOf(relativeTarget) !== undefined || this.inner.exists(targetPath));
    this.inner.rename(sourcePath, targetPath);
    if (relativeSource !== undefined && relativeTarget !== undefined) {
      this.fileIds.rename(relativeSource, relativeTarget);
      this.record({ kind: 'rename', sourcePath: relativeSource, targetPath: relativeTarget });
    } else if (relativeSource !== undefined) {
      this.fileIds.unlinkTree(relativeSource);
      this.record({ kind: 'remove', path: relativeSource });
    } else if (relativeTarget !== undefined) {
      if (replacedTarget) this.record({ kind: 'remove', path: relativeTarget });
      const fileId = this.fileIds.assign(relativeTarget);
      this.record({ kind: 'create', path: relativeTarget, fileId });
      this.record({ kind: 'write', fileId, offsetBytes: 0, data: this.inner.readFile(targetPath), syncMode: 'none' });
    }
  }

  override remove(path: string): void {
    this.inner.remove(path);
    const relativePath = this.relativeToRoot(path);
    if (relativePath === undefined) return;
    this.fileIds.unlinkFile(relativePath);
    this.record({ kind: 'remove', path: relativePath });
  }

  override mkdirAll(directoryPath: string): void {
    // The directories below the root on the way to `directoryPath`, top first, named as the caller names them.
    const below: Array<{ readonly path: string; readonly relativePath: string }> = [];
    for (let path = directoryPath; ; path = parentDirectory(path)) {
      const relativePath = this.relativeToRoot(path);
      if (relativePath === undefined || relativePath === '.') break;
      below.unshift({ path, relativePath });
      if (path === parentDirectory(path)) break;
    }
    const missing = below.filter((directory) => !this.inner.exists(directory.path));
    this.inner.mkdirAll(directoryPath);
    for (const directory of missing) this.record({ kind: 'mkdir', path: directory.relativePath });
  }

  override syncDirectory(directoryPath: string): void {
    this.inner.syncDirectory(directoryPath);
    const relativePath = this.relativeToRoot(directoryPath);
    if (relativePath !== undefined) this.record({ kind: 'sync-directory', path: relativePath });
  }

  /** Records a fault injected above this decorator (not counted by the crash point). */
  recordFault(fault: RecordedFault): void {
    const fileId = fault.handle === undefined ? undefined : this.fileIdByHandle.get(fault.handle);
    const currentPath = fileId === undefined ? undefined : this.fileIds.pathOf(fileId);
    const path = currentPath ?? this.relativeToRoot(fault.path) ?? fault.path;
    this.options.sink.append({ kind: 'fault', fault: fault.fault, operation: fault.operation, path });
  }

  private record(record: TraceRecord): void {
    this.options.sink.append(record);
    const index = this.fileSystemRecordCount;
    this.fileSystemRecordCount += 1;
    this.options.crashPoint?.afterOperation(index);
  }
}

/** A handle whose writes, truncates and syncs are recorded under its file id. */
class RecordingFileHandle extends ForwardingFileHandle {
  constructor(
    inner: FileHandle,
    private readonly fileId: number,
    private readonly syncMode: WriteSyncMode,
    private readonly record: (record: TraceRecord) => void,
  ) {
    super(inner);
  }

  override write(data: Uint8Array, offsetBytes: number): void {
    this.inner.write(data, offsetBytes);
    this.record({ kind: 'write', fileId: this.fileId, offsetBytes, data, syncMode: this.syncMode });
  }

  override append(data: Uint8Array): number {
    const offsetBytes = this.inner.append(data);
    this.record({ kind: 'write', fileId: this.fileId, offsetBytes, data, syncMode: this.syncMode });
    return offsetBytes;
  }

  override truncate(sizeBytes: number): void {
    this.inner.truncate(sizeBytes);
    this.record({ kind: 'truncate', fileId: this.fileId, sizeBytes });
  }

  override sync(kind: SyncKind): void {
    this.inner.sync(kind);
    this.record({ kind: 'sync', fileId: this.fileId, syncKind: kind });
  }
}
