/**
 * One shared buffer of zeros for preallocation writes. Writers that fill a
 * file with zeros (a new WAL segment is 16 MiB of them by default) pass views
 * of this buffer, and the layers that would otherwise copy or scan each byte
 * recognise it by identity: the in-memory file system stores nothing for it,
 * and the harness's trace recorder and crash-state builder keep a view instead
 * of a copy. Nothing may ever write into it.
 */

/** The most zeros one view can hold. */
export const SHARED_ZEROS_BYTES_MAX = 1024 * 1024;

const SHARED_ZEROS = new Uint8Array(SHARED_ZEROS_BYTES_MAX);

/** A view of `lengthBytes` shared zeros (at most SHARED_ZEROS_BYTES_MAX). */
export function sharedZeros(lengthBytes: number): Uint8Array {
  if (!Number.isSafeInteger(lengthBytes) || lengthBytes < 0 || lengthBytes > SHARED_ZEROS_BYTES_MAX) throw new RangeError(`shared zeros: ${lengthBytes} bytes is not between 0 and ${SHARED_ZEROS_BYTES_MAX}`);
  return SHARED_ZEROS.subarray(0, lengthBytes);
}

/** True when `data` is a view of the shared zeros (so every byte is zero, without looking). */
export function isSharedZeros(data: Uint8Array): boolean {
  return data.buffer === SHARED_ZEROS.buffer;
}
