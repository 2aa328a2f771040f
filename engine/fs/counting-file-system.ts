/**
 * A decorator that counts every file-system call by kind, handle calls
 * included. Tests use it to prove what the engine asks of the disk: that group
 * commit issues fewer syncs than commits, that a new segment is followed by a
 * directory sync. Calls are counted when made, so failed calls count too.
 */
import type { FileHandle, FileSystem, OpenOptions, SyncKind } from './file-system.js';

/** The operations a `CountingFileSystem` counts. */
export const COUNTED_OPERATIONS = Object.freeze([
  'open',
  'write',
  'append',
  'read',
  'truncate',
  'sync',
  'syncDirectory',
  'rename',
  'remove',
  'list',
  'mkdirAll',
  'readFile',
  'exists',
  'close',
  'sizeBytes',
] as const);

/** One of `COUNTED_OPERATIONS`. */
export type CountedOperation = (typeof COUNTED_OPERATIONS)[number];

/** A count of zero for every operation. */
function zeroCounts(): Record<CountedOperation, number> {
  const counts = {} as Record<CountedOperation, number>;
  for (const operation of COUNTED_OPERATIONS) counts[operation] = 0;
  return counts;
}

class CountingFileHandle implements FileHandle {
  constructor(
    private readonly inner: FileHandle,
    private readonly count: (operation: CountedOperation) => void,
  ) {}

  get path(): string {
    return this.inner.path;
  }

  write(data: Uint8Array, offsetBytes: number): void {
    this.count('write');
    this.inner.write(data, offsetBytes);
  }

  append(data: Uint8Array): number {
    this.count('append');
    return this.inner.append(data);
  }

  read(offsetBytes: number, lengthBytes: number): Uint8Array {
    this.count('read');
    return this.inner.read(offsetBytes, lengthBytes);
  }

  truncate(sizeBytes: number): void {
    this.count('truncate');
    this.inner.truncate(sizeBytes);
  }

  sync(kind: SyncKind): void {
    this.count('sync');
    this.inner.sync(kind);
  }

  sizeBytes(): number {
    this.count('sizeBytes');
    return this.inner.sizeBytes();
  }

  close(): void {
    this.count('close');
    this.inner.close();
  }
}

/** Counts every call made through it, then forwards it to the wrapped file system. */
export class CountingFileSystem implements FileSystem {
  private tally = zeroCounts();

  constructor(private readonly inner: FileSystem) {}

  /** The counts since construction or the last `reset`, as a snapshot. */
  counts(): Readonly<Record<CountedOperation, number>> {
    return Object.freeze({ ...this.tally });
  }

  /** Sets every count back to zero. */
  reset(): void {
    this.tally = zeroCounts();
  }

  open(path: string, options?: OpenOptions): FileHandle {
    this.count('open');
    return new CountingFileHandle(this.inner.open(path, options), (operation) => this.count(operation));
  }

  readFile(path: string): Uint8Array {
    this.count('readFile');
    return this.inner.readFile(path);
  }

  rename(sourcePath: string, targetPath: string): void {
    this.count('rename');
    this.inner.rename(sourcePath, targetPath);
  }

  remove(path: string): void {
    this.count('remove');
    this.inner.remove(path);
  }

  list(directoryPath: string): readonly string[] {
    this.count('list');
    return this.inner.list(directoryPath);
  }

  mkdirAll(directoryPath: string): void {
    this.count('mkdirAll');
    this.inner.mkdirAll(directoryPath);
  }

  exists(path: string): boolean {
    this.count('exists');
    return this.inner.exists(path);
  }

  syncDirectory(directoryPath: string): void {
    this.count('syncDirectory');
    this.inner.syncDirectory(directoryPath);
  }

  unwrap(): FileSystem {
    return this.inner;
  }

  private count(operation: CountedOperation): void {
    this.tally[operation] += 1;
  }
}
