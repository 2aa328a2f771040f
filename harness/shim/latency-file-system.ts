/**
 * The latency decorator: delays the operations its `FaultDecider` picks (fixed
 * or seeded exponential latency, capped) by blocking before they run, as a slow
 * disk blocks a synchronous system call. Decide with a latency-only decider
 * (`createFaultDecider(config, 'latency')`).
 */
import type { FileHandle, FileSystem, OpenOptions, SyncKind } from '../../engine/fs/file-system.js';
import type { FaultDecider, ShimOperationKind } from './fault-decider.js';
import { sleepSync } from './sleep-sync.js';

/** A `FileSystem` decorator that sleeps before each operation its decider delays. */
export class LatencyFileSystem implements FileSystem {
  private delayedCount = 0;
  private delayedTotalMs = 0;

  constructor(
    private readonly inner: FileSystem,
    private readonly decider: FaultDecider,
  ) {}

  /** Operations delayed so far. */
  get delayedOperationCount(): number {
    return this.delayedCount;
  }

  /** Total injected delay so far, in milliseconds. */
  get injectedDelayMs(): number {
    return this.delayedTotalMs;
  }

  open(path: string, options?: OpenOptions): FileHandle {
    this.delay('open', path);
    return new LatencyFileHandle(this.inner.open(path, options), this);
  }

  readFile(path: string): Uint8Array {
    this.delay('read', path);
    return this.inner.readFile(path);
  }

  rename(sourcePath: string, targetPath: string): void {
    this.delay('rename', targetPath);
    this.inner.rename(sourcePath, targetPath);
  }

  remove(path: string): void {
    this.delay('remove', path);
    this.inner.remove(path);
  }

  list(directoryPath: string): readonly string[] {
    return this.inner.list(directoryPath);
  }

  mkdirAll(directoryPath: string): void {
    this.delay('mkdir', directoryPath);
    this.inner.mkdirAll(directoryPath);
  }

  exists(path: string): boolean {
    return this.inner.exists(path);
  }

  syncDirectory(directoryPath: string): void {
    this.delay('sync-directory', directoryPath);
    this.inner.syncDirectory(directoryPath);
  }

  unwrap(): FileSystem {
    return this.inner;
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
class LatencyFileHandle implements FileHandle {
  constructor(
    private readonly inner: FileHandle,
    private readonly fileSystem: LatencyFileSystem,
  ) {}

  get path(): string {
    return this.inner.path;
  }

  write(data: Uint8Array, offsetBytes: number): void {
    this.fileSystem.delay('write', this.inner.path);
    this.inner.write(data, offsetBytes);
  }

  append(data: Uint8Array): number {
    this.fileSystem.delay('write', this.inner.path);
    return this.inner.append(data);
  }

  read(offsetBytes: number, lengthBytes: number): Uint8Array {
    this.fileSystem.delay('read', this.inner.path);
    return this.inner.read(offsetBytes, lengthBytes);
  }

  truncate(sizeBytes: number): void {
    this.fileSystem.delay('truncate', this.inner.path);
    this.inner.truncate(sizeBytes);
  }

  sync(kind: SyncKind): void {
    this.fileSystem.delay('sync', this.inner.path);
    this.inner.sync(kind);
  }

  sizeBytes(): number {
    return this.inner.sizeBytes();
  }

  close(): void {
    this.inner.close();
  }
}
