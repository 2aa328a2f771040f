/**
 * A one-buffer pool of zero-filled segment-sized buffers for recovery.
 *
 * Recovery zero-extends the stored prefix of each segment it reads to the full
 * segment size (segment-source.ts). With 16 MiB segments a fresh buffer per
 * recovery costs a 16 MiB clear by the allocator and, at hundreds of
 * recoveries a second (explore mode), most of the garbage collector's time.
 * A buffer given back says how far it was written; taking it again clears
 * only that far, so a recovery pays for the bytes the log holds, not for the
 * segment size.
 *
 * Ownership is exclusive: a taken buffer is out of the pool until given back,
 * so interleaved recoveries never share one. A holder must not write past the
 * extent it gives back, and must not touch the buffer after giving it back.
 */

/** The largest buffer the pool keeps: a 1 GiB segment's buffer is not worth holding on to. */
const POOLED_BUFFER_BYTES_MAX = 64 * 1024 * 1024;

let spare: Buffer | undefined;
/** Bytes of `spare` at or past this offset are zero. */
let spareDirtyEndBytes = 0;

/** A zero-filled buffer of `sizeBytes`, reused from the pool when one of that size is there. */
export function takeZeroedBuffer(sizeBytes: number): Buffer {
  if (spare === undefined || spare.length !== sizeBytes) return Buffer.alloc(sizeBytes);
  const buffer = spare;
  spare = undefined;
  buffer.fill(0, 0, spareDirtyEndBytes);
  return buffer;
}

/** Gives `buffer` back; every byte at or past `dirtyEndBytes` must still be zero. */
export function giveBackZeroedBuffer(buffer: Buffer, dirtyEndBytes: number): void {
  if (buffer.length > POOLED_BUFFER_BYTES_MAX || buffer.byteOffset !== 0 || buffer.buffer.byteLength !== buffer.length) return;
  spare = buffer;
  spareDirtyEndBytes = Math.min(buffer.length, Math.max(0, dirtyEndBytes));
}
