/**
 * A crash state's digest: one SHA-1 over what the recovering engine can see
 * (directory names, file names, sizes and contents), and nothing it cannot
 * (the model, the mask, the boundary). Two states with the same digest recover
 * the same way, so explore recovers each distinct state once.
 *
 * What is hashed, in this order (names UTF-8, fields '\0'-terminated):
 *
 *   "d" path \0          each directory, in sorted order
 *   "f" path \0 size \0  each file, in sorted path order, followed by
 *   file hash (20 bytes) SHA-1 over, for each page that is not all zeros,
 *                        its index (uint32 LE) and its SHA-1 (pages of
 *                        PAGE_SIZE_BYTES, the last cut to the file's size)
 *
 * Cost: a state's pages are shared with the states around it (`paged-bytes.ts`)
 * and never change, so a page's hash is cached by the page's identity and
 * computed once: a small append to a 16 MiB segment hashes one page and looks
 * up the others; a page of zeros (preallocated, never written) is skipped. States given as flat arrays (tests, replays) are cached by
 * the array's identity instead.
 */
import { hash } from 'node:crypto';
import type { CrashState } from './crash-state.js';
import { PAGE_SIZE_BYTES, pageBytesAt, pagedOf, type PagedBytes } from './paged-bytes.js';

/** The contents a digest covers (a `CrashState` has them). */
export type DigestedContents = Pick<CrashState, 'files' | 'directories' | 'pagedFiles'>;

/** Digests crash states, reusing page and file hashes across the states of one trace. */
export class StateDigester {
  /** Hashes of whole pages by page identity (pages never change once a state holds them). */
  private readonly pageHashes = new WeakMap<Uint8Array, Buffer>();
  /** File hashes by the identity of a paged image or a flat array. */
  private readonly fileHashes = new WeakMap<object, Buffer>();
  /** The hash of a page of zeros, by length. */
  private readonly zeroPageHashes = new Map<number, Buffer>();

  /** The hex digest of a state's contents. */
  digest(state: DigestedContents): string {
    // One-shot hashes of whole inputs: a hash object per state and page cost more than the hashing.
    const parts: Buffer[] = [];
    for (const directory of [...state.directories].sort()) parts.push(Buffer.from(`d${directory}\0`));
    const paged = state.pagedFiles;
    for (const path of [...state.files.keys()].sort()) {
      const pages = paged?.get(path);
      const bytes = pages === undefined ? (state.files.get(path) as Uint8Array) : undefined;
      const key: object = pages ?? (bytes as Uint8Array);
      let fileHash = this.fileHashes.get(key);
      if (fileHash === undefined) {
        fileHash = this.hashFile(pages ?? pagedOf(bytes as Uint8Array));
        this.fileHashes.set(key, fileHash);
      }
      parts.push(Buffer.from(`f${path}\0${pages?.sizeBytes ?? (bytes as Uint8Array).byteLength}\0`), fileHash);
    }
    return hash('sha1', Buffer.concat(parts), 'hex');
  }

  private hashFile(paged: PagedBytes): Buffer {
    // Pages of zeros (holes or written zeros) are left out: the size says they are there.
    const parts: Buffer[] = [];
    for (let index = 0; index < paged.pages.length; index += 1) {
      if (paged.pages[index] === undefined) continue;
      const pageHash = this.hashPage(paged, index);
      if (pageHash.equals(this.zeroPageHash(index, paged.sizeBytes))) continue;
      const position = Buffer.allocUnsafe(4);
      position.writeUInt32LE(index);
      parts.push(position, pageHash);
    }
    return hash('sha1', Buffer.concat(parts), 'buffer');
  }

  private zeroPageHash(index: number, sizeBytes: number): Buffer {
    const lengthBytes = Math.min(PAGE_SIZE_BYTES, sizeBytes - index * PAGE_SIZE_BYTES);
    let zeros = this.zeroPageHashes.get(lengthBytes);
    if (zeros === undefined) {
      zeros = hash('sha1', new Uint8Array(lengthBytes), 'buffer');
      this.zeroPageHashes.set(lengthBytes, zeros);
    }
    return zeros;
  }

  private hashPage(paged: PagedBytes, index: number): Buffer {
    const page = paged.pages[index] as Uint8Array;
    const lengthBytes = Math.min(PAGE_SIZE_BYTES, paged.sizeBytes - index * PAGE_SIZE_BYTES);
    // Only a page that covers exactly its range is cached: a longer last page is cut, a shorter one padded.
    const exact = page.byteLength === lengthBytes;
    const known = exact ? this.pageHashes.get(page) : undefined;
    if (known !== undefined) return known;
    const pageHash = hash('sha1', pageBytesAt(paged, index), 'buffer');
    if (exact) this.pageHashes.set(page, pageHash);
    return pageHash;
  }
}
