/**
 * The latency decorator: delays the operations its `FaultDecider` picks (fixed
 * or seeded exponential latency, capped) by blocking before they run, as a slow
 * disk blocks a synchronous system call. Decide with a latency-only decider
 * (`createFaultDecider(config, 'latency')`).
 */
import type { FileHandle, FileSystem, OpenOptions, SyncKind } from '../../engine/fs/file-system.js';
import { ForwardingFileHandle, ForwardingFileSystem } from '../../engine/fs/forwarding-file-system.js';
import type { FaultDecider, ShimOperationKind } from './fault-decider.js';
import { sleepSync } from './sleep-sync.js';

/** A `FileSystem` decorator that sleeps before each operation its decider delays. */
export class LatencyFileSystem extends ForwardingFileSystem {
  private delayedCount = 0;
  private delayedTotalMs = 0;

  constructor(
    inner: FileSystem,
    private readonly decider: FaultDecider,
  ) {
    super(inner);
  }

  /** Operations delayed so far. */
  get delayedOperationCount(): number {
    return this.delayedCount;
  }

  /** Total injected delay so far, in milliseconds. */
  get injectedDelayMs(): number {
    return this.delayedTotalMs;
  }

  override open(path: string, options?: OpenOptions): FileHandle {
    this.delay('open', path);
    return new LatencyFileHandle(this.inner.open(path, options), this);
  }

  override readFile(path: string): Uint8Array {
    this.delay('read', path);
    return this.inner.readFile(path);
  }

  override rename(sourcePath: string, targetPath: string): void {
    this.delay('rename', targetPath);
    this.inner.rename(sourcePath, targetPath);
  }

  override remove(path: string): void {
    this.delay('remove', path);
    this.inner.remove(path);
  }

  override mkdirAll(directoryPath: string): void {
    this.delay('mkdir', directoryPath);
    this.inner.mkdirAll(directoryPath);
  }

  override syncDirectory(directoryPath: string): void {
    this.delay('sync-directory', directoryPath);
    this.inner.syncDirectory(directoryPath);
  }

  /** Sleeps for the decided latency of one operation. */
  delay(operation: ShimOperationKind, path: string): void {
    const { delayMs } = this.decider.decide({ kind: operation, path });
    if (delayMs <= 0) return;
    this.delayedCount += 1;
    this.delayedTotalMs += delayMs;
    sleepSync(delayMs);
  }
}

/** A handle whose writes, reads, truncates and syncs are delayed as decided. */
class LatencyFileHandle extends ForwardingFileHandle {
  constructor(
    inner: FileHandle,
    private readonly fileSystem: LatencyFileSystem,
  ) {
    super(inner);
  }

  override write(data: Uint8Array, offsetBytes: number): void {
    this.fileSystem.delay('write', this.inner.path);
    this.inner.write(data, offsetBytes);
  }

  override append(data: Uint8Array): number {
    this.fileSystem.delay('write', this.inner.path);
    return this.inner.append(data);
  }

  override read(offsetBytes: number, lengthBytes: number): Uint8Array {
    this.fileSystem.delay('read', this.inner.path);
    return this.inner.read(offsetBytes, lengthBytes);
  }

  override truncate(sizeBytes: number): void {
    this.fileSystem.delay('truncate', this.inner.path);
    this.inner.truncate(sizeBytes);
  }

  override sync(kind: SyncKind): void {
    this.fileSystem.delay('sync', this.inner.path);
    this.inner.sync(kind);
  }
}
