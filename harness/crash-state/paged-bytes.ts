/**
 * A file's bytes as crash states hold them: fixed-size pages, each either a
 * byte array (possibly shorter than a page: the rest reads as zeros) or
 * `undefined` for a page of zeros. States at consecutive boundaries share every
 * page that did not change between them, so a state costs the pages it
 * changes, not the size of its files: a 16 MiB preallocated WAL segment with
 * one unsynced commit is a few pointers and one page.
 *
 *   sizeBytes = 40 KiB, PAGE_SIZE_BYTES = 16 KiB
 *   pages:  [ Uint8Array(16 KiB) | undefined (zeros) | Uint8Array(<= 16 KiB) ]
 *   bytes:  [ 0 ........ 16 KiB  | 16 KiB ... 32 KiB | 32 KiB ..... 40 KiB   ]
 *
 * Pages are never changed once a `PagedBytes` holds them (the builder copies
 * a page before changing it: copy on write per page).
 */
import { isSharedZeros } from '../../engine/fs/shared-zeros.js';

/** The page size of crash-state images and of state digests. */
export const PAGE_SIZE_BYTES = 16 * 1024;

/** An immutable paged image. */
export interface PagedBytes {
  readonly sizeBytes: number;
  /** `Math.ceil(sizeBytes / PAGE_SIZE_BYTES)` pages; `undefined` reads as zeros, a short page is zero-padded. */
  readonly pages: readonly (Uint8Array | undefined)[];
}

/** The number of pages of an image of `sizeBytes`. */
export function pageCountOf(sizeBytes: number): number {
  return Math.ceil(sizeBytes / PAGE_SIZE_BYTES);
}

/** The page at `index` as exactly the bytes it covers (zero-padded or cut to the image's size). */
export function pageBytesAt(paged: PagedBytes, index: number): Uint8Array {
  const lengthBytes = Math.min(PAGE_SIZE_BYTES, paged.sizeBytes - index * PAGE_SIZE_BYTES);
  const page = paged.pages[index];
  if (page !== undefined && page.byteLength === lengthBytes) return page;
  if (page !== undefined && page.byteLength > lengthBytes) return page.subarray(0, lengthBytes);
  const padded = new Uint8Array(lengthBytes);
  if (page !== undefined) padded.set(page);
  return padded;
}

/** Views `bytes` as pages without copying (the caller must not change `bytes` afterwards). */
export function pagedOf(bytes: Uint8Array): PagedBytes {
  const pages: Uint8Array[] = [];
  for (let startBytes = 0; startBytes < bytes.byteLength; startBytes += PAGE_SIZE_BYTES) pages.push(bytes.subarray(startBytes, startBytes + PAGE_SIZE_BYTES));
  return { sizeBytes: bytes.byteLength, pages };
}

/** The bytes of a paged image, in one new array. */
export function flattenPaged(paged: PagedBytes): Uint8Array {
  const bytes = new Uint8Array(paged.sizeBytes);
  paged.pages.forEach((page, index) => {
    if (page === undefined) return;
    const startBytes = index * PAGE_SIZE_BYTES;
    bytes.set(page.subarray(0, Math.min(page.byteLength, paged.sizeBytes - startBytes)), startBytes);
  });
  return bytes;
}

/** A page of zeros to compare with (never written). */
const ZERO_PAGE = Buffer.alloc(PAGE_SIZE_BYTES);

/** True when every byte is zero (a preallocated range needs no page); memcmp against a zero page, page by page. */
export function isAllZero(bytes: Uint8Array): boolean {
  if (isSharedZeros(bytes)) return true;
  for (let startBytes = 0; startBytes < bytes.byteLength; startBytes += PAGE_SIZE_BYTES) {
    const piece = bytes.subarray(startBytes, startBytes + PAGE_SIZE_BYTES);
    if (Buffer.compare(piece, ZERO_PAGE.subarray(0, piece.byteLength)) !== 0) return false;
  }
  return true;
}
