/**
 * An in-memory file system with the durability rules of Linux under a strict
 * reading of POSIX, modelled on Pebble's crashable MemFS:
 * - a file sync (fsync or fdatasync, through any handle) makes that file's data
 *   durable; writes through an O_DSYNC / O_SYNC handle are durable at once;
 * - a create, rename or remove is durable only after its parent directory is synced;
 * - directories made by `mkdirAll` are durable at once. This is a simplification:
 *   engines create their data directory before a run, and modelling lost
 *   directories would test the setup script rather than the engine.
 *
 * `crashClone` returns a new file system holding what survives a power loss
 * (unsynced work dropped) or a process crash (everything kept). Paths are
 * absolute or relative to the root; '.' and '..' components and trailing
 * slashes are normalised.
 */
import type { FileHandle, FileSystem, OpenOptions, StoredPrefix } from './file-system.js';
import { assert } from '../invariants.js';
import { FileSystemError } from './file-system.js';
import { assertValidOpenOptions } from './file-system-argument-checks.js';
import { MemFileHandle } from './mem-file-handle.js';
import { MemDirectory, MemFile } from './mem-inodes.js';
import type { MemNode } from './mem-inodes.js';

/** Largest file a `MemFileSystem` holds by default: the engine's largest WAL segment. */
export const MEM_FILE_SIZE_BYTES_MAX = 1024 * 1024 * 1024;

/** Options of `new MemFileSystem`. */
export interface MemFileSystemOptions {
  /** Writes that would grow a file past this fail with ENOSPC. @defaultValue MEM_FILE_SIZE_BYTES_MAX */
  readonly fileSizeBytesMax?: number;
}

/** Options of `MemFileSystem.crashClone`. */
export interface CrashCloneOptions {
  /** 'drop': a power loss, only synced state survives; 'keep': a process crash, everything survives. @defaultValue 'drop' */
  readonly unsynced?: 'drop' | 'keep';
}

/** Where a path's entry lives: its parent directory and its name there. */
interface EntryLocation {
  readonly parent: MemDirectory;
  readonly name: string;
}

/** Splits a path into its components, resolving '.' and '..' lexically. */
function pathComponents(path: string): string[] {
  const components: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') components.pop();
    else components.push(part);
  }
  return components;
}

/** The in-memory `FileSystem`, which knows what a crash would keep. */
export class MemFileSystem implements FileSystem {
  private readonly fileSizeBytesMax: number;
  /** Replaced only by `crashClone`, on the clone it builds. */
  private root = new MemDirectory();

  constructor(options: MemFileSystemOptions = {}) {
    this.fileSizeBytesMax = options.fileSizeBytesMax ?? MEM_FILE_SIZE_BYTES_MAX;
  }

  open(path: string, options: OpenOptions = {}): FileHandle {
    assertValidOpenOptions(options);
    const { parent, name } = this.locate(path, 'open');
    let node = parent.children.get(name);
    if (node !== undefined && options.create === true && options.exclusive === true) {
      throw new FileSystemError('EEXIST', 'open', path);
    }
    if (node === undefined) {
      if (options.create !== true) throw new FileSystemError('ENOENT', 'open', path);
      node = new MemFile();
      parent.children.set(name, node);
    }
    if (node.kind === 'directory') throw new FileSystemError('EISDIR', 'open', path);
    if (options.truncate === true) node.truncate(0);
    return new MemFileHandle(path, node, {
      readOnly: options.readOnly === true,
      syncMode: options.syncMode ?? 'none',
      fileSizeBytesMax: this.fileSizeBytesMax,
    });
  }

  readFile(path: string): Uint8Array {
    const node = this.lookup(path, 'readFile');
    if (node.kind === 'directory') throw new FileSystemError('EISDIR', 'readFile', path);
    return node.contents();
  }

  readStoredPrefix(path: string): StoredPrefix {
    const node = this.lookup(path, 'readFile');
    if (node.kind === 'directory') throw new FileSystemError('EISDIR', 'readFile', path);
    return node.storedContents();
  }

  rename(sourcePath: string, targetPath: string): void {
    const label = `${sourcePath} -> ${targetPath}`;
    // Linux resolves both parent directories before it looks the source up.
    const source = this.locate(sourcePath, 'rename', label);
    const target = this.locate(targetPath, 'rename', label);
    const node = source.parent.children.get(source.name);
    if (node === undefined) throw new FileSystemError('ENOENT', 'rename', label);
    const replaced = target.parent.children.get(target.name);
    // Renaming a file onto itself (or onto another link of itself) does nothing, as rename(2) says.
    if (replaced === node) return;
    if (replaced !== undefined) {
      if (node.kind === 'file' && replaced.kind === 'directory') throw new FileSystemError('EISDIR', 'rename', label);
      if (node.kind === 'directory' && replaced.kind === 'file') throw new FileSystemError('ENOTDIR', 'rename', label);
      if (replaced.kind === 'directory' && replaced.children.size > 0) throw new FileSystemError('ENOTEMPTY', 'rename', label);
    }
    if (node.kind === 'directory' && this.isWithin(target.parent, node)) {
      throw new FileSystemError('EINVAL', 'rename', label);
    }
    source.parent.children.delete(source.name);
    target.parent.children.set(target.name, node);
  }

  remove(path: string): void {
    const { parent, name } = this.locate(path, 'remove');
    const node = parent.children.get(name);
    if (node === undefined) throw new FileSystemError('ENOENT', 'remove', path);
    if (node.kind === 'directory') throw new FileSystemError('EISDIR', 'remove', path);
    parent.children.delete(name);
  }

  list(directoryPath: string): readonly string[] {
    return [...this.directory(directoryPath, 'list').children.keys()].sort();
  }

  mkdirAll(directoryPath: string): void {
    const components = pathComponents(directoryPath);
    let directory = this.root;
    components.forEach((name, index) => {
      const node = directory.children.get(name);
      if (node === undefined) {
        const created = new MemDirectory();
        directory.addDurable(name, created);
        directory = created;
      } else if (node.kind === 'directory') {
        directory = node;
      } else {
        throw new FileSystemError(index === components.length - 1 ? 'EEXIST' : 'ENOTDIR', 'mkdirAll', directoryPath);
      }
    });
  }

  exists(path: string): boolean {
    // Walked without throwing: recovery asks about absent files often, and an error costs its stack trace.
    const components = pathComponents(path);
    let node: MemNode | undefined = this.root;
    for (const name of components) node = node?.kind === 'directory' ? node.children.get(name) : undefined;
    return node !== undefined;
  }

  syncDirectory(directoryPath: string): void {
    this.directory(directoryPath, 'syncDirectory').syncEntries();
  }

  unwrap(): FileSystem | undefined {
    return undefined;
  }

  /**
   * A new, independent file system holding what survives a crash now: with
   * 'drop' (a power loss) the synced data of files reachable through synced
   * entries; with 'keep' (a process crash) everything, with the same synced
   * state, so a later power loss of the clone still drops what was never synced.
   * Open handles are not carried over. Files linked under several names stay one inode.
   */
  crashClone(options: CrashCloneOptions = {}): MemFileSystem {
    const keep = (options.unsynced ?? 'drop') === 'keep';
    const copies = new Map<MemNode, MemNode>();
    const copyNode = (node: MemNode): MemNode => {
      const existing = copies.get(node);
      if (existing !== undefined) return existing;
      let copy: MemNode;
      if (node.kind === 'file') {
        copy = keep ? node.fullCopy() : node.durableCopy();
        copies.set(node, copy);
      } else {
        const directory = new MemDirectory();
        copy = directory;
        copies.set(node, copy);
        for (const [name, child] of node.syncedChildren) directory.syncedChildren.set(name, copyNode(child));
        const liveEntries = keep ? node.children : node.syncedChildren;
        for (const [name, child] of liveEntries) directory.children.set(name, copyNode(child));
      }
      return copy;
    };
    const clone = new MemFileSystem({ fileSizeBytesMax: this.fileSizeBytesMax });
    const root = copyNode(this.root);
    assert(root.kind === 'directory', 'crash clone of the root is a directory');
    clone.root = root;
    return clone;
  }

  /** The durable contents of a file as a power loss now would leave them, or undefined when it would not exist. */
  durableContents(path: string): Uint8Array | undefined {
    const clone = this.crashClone({ unsynced: 'drop' });
    return clone.exists(path) ? clone.readFile(path) : undefined;
  }

  /** Resolves a path's parent directory (which must exist) and its last component. */
  private locate(path: string, operation: string, label = path): EntryLocation {
    const components = pathComponents(path);
    const name = components.pop();
    if (name === undefined) throw new FileSystemError('EISDIR', operation, label);
    return { parent: this.walk(components, operation, label), name };
  }

  private lookup(path: string, operation: string): MemNode {
    const components = pathComponents(path);
    const name = components.pop();
    if (name === undefined) return this.root;
    const node = this.walk(components, operation, path).children.get(name);
    if (node === undefined) throw new FileSystemError('ENOENT', operation, path);
    return node;
  }

  private directory(path: string, operation: string): MemDirectory {
    const node = this.lookup(path, operation);
    if (node.kind !== 'directory') throw new FileSystemError('ENOTDIR', operation, path);
    return node;
  }

  private walk(components: readonly string[], operation: string, label: string): MemDirectory {
    let directory = this.root;
    for (const name of components) {
      const node = directory.children.get(name);
      if (node === undefined) throw new FileSystemError('ENOENT', operation, label);
      if (node.kind !== 'directory') throw new FileSystemError('ENOTDIR', operation, label);
      directory = node;
    }
    return directory;
  }

  /** True when `directory` is `ancestor` or lies inside it (live entries). */
  private isWithin(directory: MemDirectory, ancestor: MemDirectory): boolean {
    if (directory === ancestor) return true;
    for (const child of ancestor.children.values()) {
      if (child.kind === 'directory' && this.isWithin(directory, child)) return true;
    }
    return false;
  }
}
