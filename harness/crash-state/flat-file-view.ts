/**
 * A crash state's files as flat byte arrays, made from its paged files on
 * first use and kept: most consumers (recovery materialises pages directly,
 * the digest hashes pages) never ask, so most files of most states are never
 * flattened.
 */
import { flattenPaged, type PagedBytes } from './paged-bytes.js';

/** A read-only map of path to bytes over paged files. */
export class FlatFileView implements ReadonlyMap<string, Uint8Array> {
  private readonly flattened = new Map<string, Uint8Array>();

  constructor(private readonly paged: ReadonlyMap<string, PagedBytes>) {}

  get size(): number {
    return this.paged.size;
  }

  has(path: string): boolean {
    return this.paged.has(path);
  }

  get(path: string): Uint8Array | undefined {
    const known = this.flattened.get(path);
    if (known !== undefined) return known;
    const paged = this.paged.get(path);
    if (paged === undefined) return undefined;
    const bytes = flattenPaged(paged);
    this.flattened.set(path, bytes);
    return bytes;
  }

  *entries(): MapIterator<[string, Uint8Array]> {
    for (const path of this.paged.keys()) yield [path, this.get(path) as Uint8Array];
  }

  keys(): MapIterator<string> {
    return this.paged.keys();
  }

  *values(): MapIterator<Uint8Array> {
    for (const path of this.paged.keys()) yield this.get(path) as Uint8Array;
  }

  forEach(visit: (bytes: Uint8Array, path: string, map: ReadonlyMap<string, Uint8Array>) => void): void {
    for (const [path, bytes] of this.entries()) visit(bytes, path, this);
  }

  [Symbol.iterator](): MapIterator<[string, Uint8Array]> {
    return this.entries();
  }
}
