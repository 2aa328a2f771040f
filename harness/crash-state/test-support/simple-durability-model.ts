/**
 * An independent, deliberately naive model of what survives a power loss, for
 * checking the builder: whole-file copies on every sync, whole-directory copies
 * on every directory sync. No pending lists, no sharing, no cleverness.
 */
import { parentDirectory } from '../../../engine/fs/file-system.js';

interface ModelFile {
  current: Uint8Array;
  synced: Uint8Array;
}

function written(bytes: Uint8Array, data: Uint8Array, offsetBytes: number): Uint8Array {
  if (data.byteLength === 0) return bytes;
  const next = new Uint8Array(Math.max(bytes.byteLength, offsetBytes + data.byteLength));
  next.set(bytes);
  next.set(data, offsetBytes);
  return next;
}

function resized(bytes: Uint8Array, sizeBytes: number): Uint8Array {
  const next = new Uint8Array(sizeBytes);
  next.set(bytes.subarray(0, sizeBytes));
  return next;
}

/** The naive model: live and durable directory maps, and per file live and synced bytes. */
export class SimpleDurabilityModel {
  private readonly liveEntries = new Map<string, ModelFile>();
  private readonly durableEntries = new Map<string, ModelFile>();
  private readonly liveDirectories = new Set<string>(['.']);
  private readonly durableDirectories = new Set<string>(['.']);

  has(path: string): boolean {
    return this.liveEntries.has(path);
  }

  hasDirectory(path: string): boolean {
    return this.liveDirectories.has(path);
  }

  sizeOf(path: string): number {
    return this.file(path).current.byteLength;
  }

  create(path: string): void {
    if (!this.liveEntries.has(path)) this.liveEntries.set(path, { current: new Uint8Array(0), synced: new Uint8Array(0) });
  }

  write(path: string, data: Uint8Array, offsetBytes: number, durableAtOnce: boolean): void {
    const file = this.file(path);
    file.current = written(file.current, data, offsetBytes);
    if (durableAtOnce) file.synced = written(file.synced, data, offsetBytes);
  }

  truncate(path: string, sizeBytes: number): void {
    const file = this.file(path);
    file.current = resized(file.current, sizeBytes);
  }

  sync(path: string): void {
    const file = this.file(path);
    file.synced = file.current.slice();
  }

  rename(sourcePath: string, targetPath: string): void {
    const file = this.file(sourcePath);
    this.liveEntries.delete(sourcePath);
    this.liveEntries.set(targetPath, file);
  }

  remove(path: string): void {
    this.liveEntries.delete(path);
  }

  mkdir(path: string): void {
    this.liveDirectories.add(path);
  }

  /** The durable entries of `directory` become exactly its live entries. */
  syncDirectory(directory: string): void {
    for (const path of [...this.durableEntries.keys()]) if (parentDirectory(path) === directory) this.durableEntries.delete(path);
    for (const [path, file] of this.liveEntries) if (parentDirectory(path) === directory) this.durableEntries.set(path, file);
    for (const path of [...this.durableDirectories]) if (path !== '.' && parentDirectory(path) === directory) this.durableDirectories.delete(path);
    for (const path of this.liveDirectories) if (path !== '.' && parentDirectory(path) === directory) this.durableDirectories.add(path);
  }

  /** What a power loss leaves: synced bytes of files reachable through durable entries. */
  powerLossFiles(): Map<string, Uint8Array> {
    const reachable = (path: string): boolean => {
      for (let directory = parentDirectory(path); directory !== '.'; directory = parentDirectory(directory)) {
        if (!this.durableDirectories.has(directory)) return false;
      }
      return true;
    };
    return new Map([...this.durableEntries].filter(([path]) => reachable(path)).map(([path, file]) => [path, file.synced]));
  }

  /** The directories a power loss leaves (no root). */
  powerLossDirectories(): string[] {
    return [...this.durableDirectories].filter((path) => path !== '.').sort();
  }

  private file(path: string): ModelFile {
    const file = this.liveEntries.get(path);
    if (file === undefined) throw new Error(`simple model: no file ${path}`);
    return file;
  }
}
