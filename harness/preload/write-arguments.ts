/**
 * Normalises the many argument shapes of node:fs writes (buffer with offset,
 * length and position; buffer with an options object; string with position
 * and encoding) into the exact bytes to write and a position, so the shim can
 * resolve offsets, cut short writes and call the original with one shape.
 */

/** A write, normalised: the bytes to write and where (null: the descriptor's position). */
export interface NormalisedWrite {
  readonly bytes: Uint8Array;
  readonly position: number | null;
}

/** A byte view over any ArrayBufferView, sharing its memory. */
export function bytesOf(view: ArrayBufferView): Uint8Array {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Encodes writeFile-style data (a string in `encoding`, or an ArrayBufferView) to bytes. */
export function dataToBytes(data: unknown, encoding: unknown): Uint8Array | undefined {
  if (typeof data === 'string') return Buffer.from(data, (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding);
  if (ArrayBuffer.isView(data)) return bytesOf(data);
  return undefined;
}

function positionOf(value: unknown): number | null {
  if (typeof value === 'number' && value >= 0) return value;
  if (typeof value === 'bigint' && value >= 0n) return Number(value);
  return null;
}

/**
 * Normalises `(data, ...rest)` of writeSync / write / FileHandle.write (without
 * the descriptor and the callback). Returns undefined for shapes node:fs would
 * reject, so the original call reports the error in its own words.
 */
export function normaliseWriteArguments(data: unknown, rest: readonly unknown[]): NormalisedWrite | undefined {
  if (typeof data === 'string') {
    return { bytes: Buffer.from(data, (typeof rest[1] === 'string' ? rest[1] : 'utf8') as BufferEncoding), position: positionOf(rest[0]) };
  }
  if (!ArrayBuffer.isView(data)) return undefined;
  const all = bytesOf(data);
  const [first, second, third] = rest;
  let offset: unknown = first;
  let length: unknown = second;
  let position: unknown = third;
  if (typeof first === 'object' && first !== null) {
    ({ offset, length, position } = first as { offset?: unknown; length?: unknown; position?: unknown });
  }
  const offsetBytes = typeof offset === 'number' ? offset : 0;
  const lengthBytes = typeof length === 'number' ? length : all.byteLength - offsetBytes;
  if (offsetBytes < 0 || lengthBytes < 0 || offsetBytes + lengthBytes > all.byteLength) return undefined;
  return { bytes: all.subarray(offsetBytes, offsetBytes + lengthBytes), position: positionOf(position) };
}

/** Concatenates the buffers of a writev into the one write the shim performs instead. */
export function concatenateBuffers(buffers: unknown): Uint8Array | undefined {
  if (!Array.isArray(buffers) || !buffers.every((buffer) => ArrayBuffer.isView(buffer))) return undefined;
  return Buffer.concat(buffers.map((buffer: ArrayBufferView) => bytesOf(buffer)));
}

/**
 * The position of a read call's arguments after the descriptor (without the
 * callback): `(buffer, offset, length, position)`, `(buffer, { position })` or
 * `({ buffer, position })`.
 */
export function readPositionOf(rest: readonly unknown[]): unknown {
  const [first, second] = rest;
  if (typeof first === 'object' && first !== null && !ArrayBuffer.isView(first)) return (first as { position?: unknown }).position;
  if (typeof second === 'object' && second !== null) return (second as { position?: unknown }).position;
  return rest[3];
}
