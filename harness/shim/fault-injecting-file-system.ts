/**
 * The fault decorator: fails operations the `FaultDecider` picks, with the
 * semantics of the real failure, and labels every error as injected
 * (`FileSystemError.injected`, message "injected EIO: ...").
 *
 * - eio-fsync: the sync (or directory sync) throws EIO without syncing. As on
 *   Linux since 4.13 ("fsyncgate"), the file's dirty pages are then marked clean:
 *   that data can never become durable, and a LATER sync succeeds. The process
 *   still reads the data back (it stays in the page cache). The decorator does
 *   not touch the data; it reports the fault (`onFault`, which the composition
 *   root wires to a 'fault' trace record) and the crash-state builder drops the
 *   file's unsynced data from every power-loss state. The base file system's own
 *   view of durability (e.g. MemFileSystem.crashClone) does not know about this:
 *   the trace is the source of truth.
 * - eio-write, enospc: the write (or truncate, open, mkdir, rename) throws and
 *   nothing is done.
 * - short-write: the bytes `shortWriteKeptBytes` keeps are written, then the
 *   write throws ENOSPC (the FileSystem seam has no short count to return; a
 *   short count from write(2) is how a filling disk shows). A write too small
 *   to be short proceeds whole.
 *
 * Latency is the latency decorator's job (`latency-file-system.ts`).
 */
import type { FileHandle, FileSystem, FileSystemErrorCode, OpenOptions, SyncKind } from '../../engine/fs/file-system.js';
import { FileSystemError } from '../../engine/fs/file-system.js';
import { ForwardingFileHandle, ForwardingFileSystem } from '../../engine/fs/forwarding-file-system.js';
import { shortWriteKeptBytes, type FaultDecider, type FaultFailure, type ShimOperationKind } from './fault-decider.js';
import type { RecordedFault } from './recording-file-system.js';

/** Receives each injected fault, after any partial effect and before the error is thrown. */
export type FaultListener = (fault: RecordedFault) => void;

/** Counts of injected failures, by kind. */
export type InjectedFaultCounts = Record<FaultFailure['kind'], number>;

/** A `FileSystem` decorator that injects the failures its decider picks. */
export class FaultInjectingFileSystem extends ForwardingFileSystem {
  private readonly counts: InjectedFaultCounts = { 'eio-fsync': 0, 'eio-write': 0, enospc: 0, 'short-write': 0 };

  constructor(
    inner: FileSystem,
    private readonly decider: FaultDecider,
    private readonly onFault: FaultListener = () => {},
  ) {
    super(inner);
  }

  /** Failures injected so far, by kind (tests check that each surfaced). */
  injectedCounts(): Readonly<InjectedFaultCounts> {
    return { ...this.counts };
  }

  /** Failures injected so far, all kinds. */
  get injectedFaultCount(): number {
    return Object.values(this.counts).reduce((sum, count) => sum + count, 0);
  }

  override open(path: string, options?: OpenOptions): FileHandle {
    this.failIfDecided('open', path);
    return new FaultInjectingFileHandle(this.inner.open(path, options), this);
  }

  override rename(sourcePath: string, targetPath: string): void {
    this.failIfDecided('rename', targetPath);
    this.inner.rename(sourcePath, targetPath);
  }

  override remove(path: string): void {
    this.failIfDecided('remove', path);
    this.inner.remove(path);
  }

  override mkdirAll(directoryPath: string): void {
    this.failIfDecided('mkdir', directoryPath);
    this.inner.mkdirAll(directoryPath);
  }

  override syncDirectory(directoryPath: string): void {
    this.failIfDecided('sync-directory', directoryPath);
    this.inner.syncDirectory(directoryPath);
  }

  /** Asks the decider about a whole-operation failure; throws the injected error when one is decided. */
  failIfDecided(operation: ShimOperationKind, path: string, handle?: FileHandle): FaultFailure | undefined {
    const failure = this.decider.decide({ kind: operation, path }).failure;
    if (failure === undefined || failure.kind === 'short-write') return failure;
    throw this.inject(failure, operation, path, handle);
  }

  /** Counts and reports a fault, and returns the injected error to throw. */
  inject(failure: FaultFailure, operation: ShimOperationKind, path: string, handle?: FileHandle, detail?: string): FileSystemError {
    this.counts[failure.kind] += 1;
    this.onFault(handle === undefined ? { fault: failure.kind, operation, path } : { fault: failure.kind, operation, path, handle });
    const code: FileSystemErrorCode = failure.kind === 'eio-fsync' || failure.kind === 'eio-write' ? 'EIO' : 'ENOSPC';
    return new FileSystemError(code, detail === undefined ? operation : `${operation} (${detail})`, path, true);
  }
}

/** A handle whose writes, truncates and syncs may fail as decided. */
class FaultInjectingFileHandle extends ForwardingFileHandle {
  constructor(
    inner: FileHandle,
    private readonly fileSystem: FaultInjectingFileSystem,
  ) {
    super(inner);
  }

  override write(data: Uint8Array, offsetBytes: number): void {
    const keptBytes = this.shortWriteBytes(data);
    if (keptBytes === undefined) {
      this.inner.write(data, offsetBytes);
      return;
    }
    this.inner.write(data.subarray(0, keptBytes), offsetBytes);
    throw this.fileSystem.inject({ kind: 'short-write', keepFraction: keptBytes / data.length }, 'write', this.inner.path, this.inner, `short write: ${keptBytes} of ${data.length} bytes written`);
  }

  override append(data: Uint8Array): number {
    const keptBytes = this.shortWriteBytes(data);
    if (keptBytes === undefined) return this.inner.append(data);
    this.inner.append(data.subarray(0, keptBytes));
    throw this.fileSystem.inject({ kind: 'short-write', keepFraction: keptBytes / data.length }, 'write', this.inner.path, this.inner, `short write: ${keptBytes} of ${data.length} bytes appended`);
  }

  override truncate(sizeBytes: number): void {
    this.fileSystem.failIfDecided('truncate', this.inner.path, this.inner);
    this.inner.truncate(sizeBytes);
  }

  override sync(kind: SyncKind): void {
    this.fileSystem.failIfDecided('sync', this.inner.path, this.inner);
    this.inner.sync(kind);
  }

  /** Asks the decider about a write: throws a decided EIO or ENOSPC; the bytes to keep of a short write; undefined to write it whole. */
  private shortWriteBytes(data: Uint8Array): number | undefined {
    const failure = this.fileSystem.failIfDecided('write', this.inner.path, this.inner);
    return failure?.kind === 'short-write' ? shortWriteKeptBytes(failure.keepFraction, data.length) : undefined;
  }
}
