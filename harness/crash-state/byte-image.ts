/**
 * A file's bytes as the crash-state builder keeps them: a growable buffer that
 * hands out snapshots in O(1) and copies itself only when it is changed after a
 * snapshot was taken (copy on write). Crash states at consecutive boundaries
 * share every file that did not change between them, which is what keeps the
 * cost of a state close to its unsynced tail instead of the whole image.
 */
import { assert } from '../../engine/invariants.js';
import { CrashStateError } from './crash-state-error.js';

/** The largest file the builder models; beyond it the trace is surely not a test workload. */
export const FILE_SIZE_LIMIT_BYTES = 1024 * 1024 * 1024;

/** The smallest buffer a growing image allocates, so tiny appends do not reallocate every time. */
const MINIMUM_CAPACITY_BYTES = 256;

/** A growable, copy-on-write byte array. */
export class ByteImage {
  /** Invariant: bytes at or beyond `size` are zero, so growing never needs a fill. */
  private buffer: Uint8Array;
  private size: number;
  /** True while a snapshot views `buffer`: the next change must copy it first. */
  private shared: boolean;

  private constructor(buffer: Uint8Array, sizeBytes: number, shared: boolean) {
    this.buffer = buffer;
    this.size = sizeBytes;
    this.shared = shared;
  }

  /** An empty image. */
  static empty(): ByteImage {
    return new ByteImage(new Uint8Array(0), 0, false);
  }

  /** An image holding `bytes`, which it will never change (it copies on the first change). */
  static of(bytes: Uint8Array): ByteImage {
    return new ByteImage(bytes, bytes.byteLength, true);
  }

  /** The size in bytes. */
  get sizeBytes(): number {
    return this.size;
  }

  /** The current bytes as an array the image will never change again (O(1)). */
  snapshot(): Uint8Array {
    this.shared = true;
    return this.buffer.subarray(0, this.size);
  }

  /** An independent image with the same bytes (O(1) until either changes). */
  clone(): ByteImage {
    return ByteImage.of(this.snapshot());
  }

  /** Writes `data` at `offsetBytes`, zero-filling any gap; an empty write does not extend the file, as pwrite. */
  write(data: Uint8Array, offsetBytes: number): void {
    assert(Number.isSafeInteger(offsetBytes) && offsetBytes >= 0, `write offset must be a non-negative integer, got ${offsetBytes}`);
    if (data.byteLength === 0) return;
    const endBytes = offsetBytes + data.byteLength;
    this.makeWritable(endBytes);
    this.buffer.set(data, offsetBytes);
    this.size = Math.max(this.size, endBytes);
  }

  /** Sets the size, zero-filling when it grows. */
  truncate(sizeBytes: number): void {
    assert(Number.isSafeInteger(sizeBytes) && sizeBytes >= 0, `truncate size must be a non-negative integer, got ${sizeBytes}`);
    if (sizeBytes === this.size) return;
    this.makeWritable(sizeBytes);
    // Keep the invariant that bytes past the end are zero.
    if (sizeBytes < this.size) this.buffer.fill(0, sizeBytes, this.size);
    this.size = sizeBytes;
  }

  /** Flips bit `bitOffset` (bit 0 is the least significant bit of byte 0). */
  flipBit(bitOffset: number): void {
    assert(Number.isSafeInteger(bitOffset) && bitOffset >= 0 && bitOffset < this.size * 8, `bit offset ${bitOffset} outside a ${this.size}-byte image`);
    this.makeWritable(this.size);
    const byteOffset = Math.floor(bitOffset / 8);
    this.buffer[byteOffset] = (this.buffer[byteOffset] ?? 0) ^ (1 << bitOffset % 8);
  }

  /** Ensures the buffer is private and holds `requiredBytes`, copying or growing as needed. */
  private makeWritable(requiredBytes: number): void {
    if (requiredBytes > FILE_SIZE_LIMIT_BYTES) {
      throw new CrashStateError('LIMIT_EXCEEDED', `a file would grow to ${requiredBytes} bytes, beyond the builder's limit of ${FILE_SIZE_LIMIT_BYTES}`);
    }
    if (!this.shared && requiredBytes <= this.buffer.byteLength) return;
    const capacityBytes =
      requiredBytes <= this.buffer.byteLength
        ? this.buffer.byteLength
        : Math.min(FILE_SIZE_LIMIT_BYTES, Math.max(MINIMUM_CAPACITY_BYTES, requiredBytes, this.buffer.byteLength * 2));
    const next = new Uint8Array(capacityBytes);
    next.set(this.buffer.subarray(0, this.size));
    this.buffer = next;
    this.shared = false;
  }
}
