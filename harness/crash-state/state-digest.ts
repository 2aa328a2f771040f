/**
 * A crash state's digest: one SHA-1 over what the recovering engine can see
 * (directory names, file names, sizes and contents), and nothing it cannot
 * (the model, the mask, the boundary). Two states with the same digest recover
 * the same way, so explore recovers each distinct state once.
 *
 * What is hashed, in this order (every field UTF-8, '\0'-terminated):
 *
 *   "d" path \0          each directory, in sorted order
 *   "f" path \0 size \0  each file, in sorted path order, followed by
 *   file hash (20 bytes) SHA-1 over the file's page hashes (64 KiB pages)
 *
 * Cost: states share their files' byte arrays (copy on write in the builder),
 * so a file's hash is cached by the identity of its bytes and computed once.
 * A file whose bytes are new (a sync changed it) is hashed page by page, and
 * each page equal to the same page of the previous version of that path
 * (one memory compare, several times cheaper than hashing it) reuses its hash:
 * a small append to a 16 MiB segment hashes one page, not 16 MiB.
 */
import { createHash } from 'node:crypto';
import type { CrashState } from './crash-state.js';

/** The page size of incremental file hashes. */
export const DIGEST_PAGE_SIZE_BYTES = 64 * 1024;

/** The previous version of a path's bytes remembered for page reuse: at most this many paths. */
const REMEMBERED_PATHS_LIMIT = 1024;

/** The contents a digest covers (a `CrashState` has them). */
export type DigestedContents = Pick<CrashState, 'files' | 'directories'>;

/** A file version: its bytes and their page hashes. */
interface HashedFile {
  readonly bytes: Uint8Array;
  readonly pageHashes: readonly Buffer[];
  readonly fileHash: Buffer;
}

/** Digests crash states, reusing file and page hashes across the states of one trace. */
export class StateDigester {
  /** File hashes by the identity of the bytes (shared snapshots are never changed). */
  private readonly byBytes = new WeakMap<Uint8Array, HashedFile>();
  /** The last version hashed at each path, for page reuse when its bytes are new. */
  private readonly lastAtPath = new Map<string, HashedFile>();

  /** The hex digest of a state's contents. */
  digest(state: DigestedContents): string {
    const hash = createHash('sha1');
    for (const directory of [...state.directories].sort()) hash.update(`d${directory}\0`);
    for (const path of [...state.files.keys()].sort()) {
      const bytes = state.files.get(path) as Uint8Array;
      hash.update(`f${path}\0${bytes.byteLength}\0`);
      hash.update(this.fileHash(path, bytes));
    }
    return hash.digest('hex');
  }

  private fileHash(path: string, bytes: Uint8Array): Buffer {
    const known = this.byBytes.get(bytes);
    if (known !== undefined) return known.fileHash;
    const previous = this.lastAtPath.get(path);
    const pageHashes: Buffer[] = [];
    const fileHash = createHash('sha1');
    for (let startBytes = 0; startBytes < bytes.byteLength; startBytes += DIGEST_PAGE_SIZE_BYTES) {
      const endBytes = Math.min(bytes.byteLength, startBytes + DIGEST_PAGE_SIZE_BYTES);
      const pageBytes = bytes.subarray(startBytes, endBytes);
      const pageHash = samePage(previous, startBytes, pageBytes) ?? createHash('sha1').update(pageBytes).digest();
      pageHashes.push(pageHash);
      fileHash.update(pageHash);
    }
    const hashed: HashedFile = { bytes, pageHashes, fileHash: fileHash.digest() };
    this.byBytes.set(bytes, hashed);
    // Re-inserting moves the path to the newest end, so the oldest path is the one forgotten.
    this.lastAtPath.delete(path);
    this.lastAtPath.set(path, hashed);
    if (this.lastAtPath.size > REMEMBERED_PATHS_LIMIT) this.lastAtPath.delete(this.lastAtPath.keys().next().value as string);
    return hashed.fileHash;
  }
}

/** The previous version's hash of the page at `startBytes` when that page holds exactly `pageBytes` (same length too). */
function samePage(previous: HashedFile | undefined, startBytes: number, pageBytes: Uint8Array): Buffer | undefined {
  if (previous === undefined) return undefined;
  const previousPage = previous.bytes.subarray(startBytes, startBytes + DIGEST_PAGE_SIZE_BYTES);
  if (previousPage.byteLength !== pageBytes.byteLength || Buffer.compare(previousPage, pageBytes) !== 0) return undefined;
  return previous.pageHashes[startBytes / DIGEST_PAGE_SIZE_BYTES];
}
