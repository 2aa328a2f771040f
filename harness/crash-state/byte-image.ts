/**
 * A file's bytes as the crash-state builder keeps them: pages (see
 * `paged-bytes.ts`) with copy on write per page. A snapshot is O(pages): it
 * hands out the page array and from then on the image copies a page before it
 * changes it, so crash states at consecutive boundaries share every page that
 * did not change between them, and a state costs the pages it changes instead
 * of the size of its files. Ranges written as zeros into pages that hold none
 * yet (preallocation) take no memory at all.
 */
import { assert } from '../../engine/invariants.js';
import { CrashStateError } from './crash-state-error.js';
import { flattenPaged, isAllZero, PAGE_SIZE_BYTES, pageCountOf, pagedOf, type PagedBytes } from './paged-bytes.js';

/** The largest file the builder models; beyond it the trace is surely not a test workload. */
export const FILE_SIZE_LIMIT_BYTES = 1024 * 1024 * 1024;

/** A growable, paged, copy-on-write byte array. */
export class ByteImage {
  /** Invariant: bytes at or beyond `size` are zero, so growing never needs a fill. */
  private readonly pages: (Uint8Array | undefined)[];
  /** A page is this image's to change in place when its entry equals `generation` (no snapshot holds it). */
  private readonly ownedIn: number[] = [];
  private generation = 0;
  private size: number;
  /** The snapshot of the current contents, until the next change. */
  private pagedSnapshot: PagedBytes | undefined;
  private flatSnapshot: Uint8Array | undefined;

  private constructor(paged: PagedBytes) {
    this.pages = paged.pages.slice();
    this.size = paged.sizeBytes;
    this.pagedSnapshot = paged;
  }

  /** An empty image. */
  static empty(): ByteImage {
    return new ByteImage({ sizeBytes: 0, pages: [] });
  }

  /** An image holding `bytes`, which it will never change (it copies a page on its first change). */
  static of(bytes: Uint8Array): ByteImage {
    const image = new ByteImage(pagedOf(bytes));
    image.flatSnapshot = bytes;
    return image;
  }

  /** An image holding a paged snapshot, which it will never change. */
  static ofPaged(paged: PagedBytes): ByteImage {
    return new ByteImage(paged);
  }

  /** The size in bytes. */
  get sizeBytes(): number {
    return this.size;
  }

  /** The current contents as pages the image will never change again (O(pages), cached until the next change). */
  paged(): PagedBytes {
    if (this.pagedSnapshot === undefined) {
      this.pagedSnapshot = { sizeBytes: this.size, pages: this.pages.slice() };
      // Every page is now shared with the snapshot: a new generation disowns them all in O(1).
      this.generation += 1;
    }
    return this.pagedSnapshot;
  }

  /** The current bytes as one array the image will never change again (O(size) after a change, then cached). */
  snapshot(): Uint8Array {
    this.flatSnapshot ??= flattenPaged(this.paged());
    return this.flatSnapshot;
  }

  /** An independent image with the same bytes (O(pages) until either changes). */
  clone(): ByteImage {
    return ByteImage.ofPaged(this.paged());
  }

  /** Writes `data` at `offsetBytes`, zero-filling any gap; an empty write does not extend the file, as pwrite. */
  write(data: Uint8Array, offsetBytes: number): void {
    assert(Number.isSafeInteger(offsetBytes) && offsetBytes >= 0, `write offset must be a non-negative integer, got ${offsetBytes}`);
    if (data.byteLength === 0) return;
    const endBytes = offsetBytes + data.byteLength;
    checkLimit(endBytes);
    this.changed();
    for (let index = Math.floor(offsetBytes / PAGE_SIZE_BYTES); index * PAGE_SIZE_BYTES < endBytes; index += 1) {
      const pageStartBytes = index * PAGE_SIZE_BYTES;
      const fromBytes = Math.max(offsetBytes, pageStartBytes);
      const chunk = data.subarray(fromBytes - offsetBytes, Math.min(endBytes, pageStartBytes + PAGE_SIZE_BYTES) - offsetBytes);
      // Zeros over a page of zeros change nothing: preallocating a segment allocates no page.
      if (this.pages[index] === undefined && isAllZero(chunk)) continue;
      this.writablePage(index).set(chunk, fromBytes - pageStartBytes);
    }
    if (endBytes > this.size) this.resize(endBytes);
  }

  /** Sets the size, zero-filling when it grows. */
  truncate(sizeBytes: number): void {
    assert(Number.isSafeInteger(sizeBytes) && sizeBytes >= 0, `truncate size must be a non-negative integer, got ${sizeBytes}`);
    if (sizeBytes === this.size) return;
    checkLimit(sizeBytes);
    this.changed();
    if (sizeBytes < this.size) {
      // Keep the invariant that bytes past the end are zero: clear the cut part of the new last page.
      const lastIndex = Math.floor(sizeBytes / PAGE_SIZE_BYTES);
      const keptBytes = sizeBytes - lastIndex * PAGE_SIZE_BYTES;
      const last = this.pages[lastIndex];
      if (keptBytes > 0 && last !== undefined && last.byteLength > keptBytes && !isAllZero(last.subarray(keptBytes))) this.writablePage(lastIndex).fill(0, keptBytes);
    }
    this.resize(sizeBytes);
  }

  /** Flips bit `bitOffset` (bit 0 is the least significant bit of byte 0). */
  flipBit(bitOffset: number): void {
    assert(Number.isSafeInteger(bitOffset) && bitOffset >= 0 && bitOffset < this.size * 8, `bit offset ${bitOffset} outside a ${this.size}-byte image`);
    this.changed();
    const byteOffset = Math.floor(bitOffset / 8);
    const page = this.writablePage(Math.floor(byteOffset / PAGE_SIZE_BYTES));
    const inPage = byteOffset % PAGE_SIZE_BYTES;
    page[inPage] = (page[inPage] ?? 0) ^ (1 << bitOffset % 8);
  }

  /** A full-size page this image may change: the page itself when owned, else a copy (or zeros). */
  private writablePage(index: number): Uint8Array {
    const page = this.pages[index];
    if (page !== undefined && this.ownedIn[index] === this.generation) return page;
    const writable = new Uint8Array(PAGE_SIZE_BYTES);
    if (page !== undefined) writable.set(page.subarray(0, PAGE_SIZE_BYTES));
    this.pages[index] = writable;
    this.ownedIn[index] = this.generation;
    return writable;
  }

  private resize(sizeBytes: number): void {
    const pageCount = pageCountOf(sizeBytes);
    // Growing adds pages of zeros (holes read as undefined); shrinking drops whole pages past the end.
    if (pageCount < this.pages.length) {
      this.pages.length = pageCount;
      this.ownedIn.length = Math.min(this.ownedIn.length, pageCount);
    } else {
      while (this.pages.length < pageCount) this.pages.push(undefined);
    }
    this.size = sizeBytes;
  }

  /** Forgets the snapshots of the old contents (they stay valid for whoever holds them). */
  private changed(): void {
    // Taking a snapshot disowned its pages already, so they are copied before they change.
    this.pagedSnapshot = undefined;
    this.flatSnapshot = undefined;
  }
}

function checkLimit(sizeBytes: number): void {
  if (sizeBytes > FILE_SIZE_LIMIT_BYTES) {
    throw new CrashStateError('LIMIT_EXCEEDED', `a file would grow to ${sizeBytes} bytes, beyond the builder's limit of ${FILE_SIZE_LIMIT_BYTES}`);
  }
}
