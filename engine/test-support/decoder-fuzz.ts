/**
 * The decoder fuzz: random bytes (and random mutations of real encodings) fed
 * to every decoder of the on-disk formats. A decoder may return a reason or a
 * value, or throw the engine's own EngineError; anything else (a RangeError
 * from reading past a buffer, an assertion) is a failure.
 */
import fc from 'fast-check';
import { EngineError } from '../engine-types.js';
import { assertNever } from '../invariants.js';
import { decodeControlFile, encodeControlFile } from '../store/control-file.js';
import { decodeDataFile, encodeDataFile } from '../store/data-file.js';
import { decodeCommitPayload, encodeCommitPayload } from '../wal/commit-payload.js';
import { probeRecord } from '../wal/record-probe.js';
import { decodeSegmentHeader, encodeSegmentHeader } from '../wal/segment-header.js';

const SEEDS = {
  control: encodeControlFile({
    segmentSizeBytes: 4096,
    redoLsn: 0x2030,
    redoPreviousLsn: 0x1ff0,
    checkpointSequence: 2,
    dataFileSizeBytes: 40,
    dataFileName: 'checkpoint-0000000000000002.data',
    storeId: 77,
    logEndLsn: 0x2030,
    closedCleanly: false,
  }),
  data: encodeDataFile(0x2030, [['a', 'x'], ['bb', '']]),
  header: encodeSegmentHeader({ segmentSizeBytes: 4096, storeId: 77, segmentNumber: 3, preparedAtLsn: 0x2030 }),
  payload: encodeCommitPayload([['k', 'v1'], ['gone', null]]),
};

/** Bytes: fully random, or a real encoding with a few bytes changed, cut or extended. */
function bytesNear(seed: Buffer): fc.Arbitrary<Buffer> {
  const mutated = fc
    .record({ edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), cut: fc.nat(), extra: fc.uint8Array({ maxLength: 8 }) })
    .map(({ edits, cut, extra }) => {
      const bytes = Buffer.from(seed);
      for (const [at, value] of edits) bytes[at % bytes.length] = value;
      return Buffer.concat([bytes.subarray(0, bytes.length - (cut % 4 === 0 ? cut % bytes.length : 0)), extra]);
    });
  return fc.oneof(fc.uint8Array({ maxLength: 256 }).map((array) => Buffer.from(array)), mutated);
}

/** One fuzz input: which decoder, and its bytes. */
export interface DecoderInput {
  readonly decoder: 'control' | 'data' | 'segment-header' | 'commit-payload' | 'record';
  readonly bytes: Buffer;
  readonly at?: number;
}

/** The decoder fuzz arbitrary. */
export const decoderInput: fc.Arbitrary<DecoderInput> = fc.oneof(
  bytesNear(SEEDS.control).map((bytes) => ({ decoder: 'control' as const, bytes })),
  bytesNear(SEEDS.data).map((bytes) => ({ decoder: 'data' as const, bytes })),
  bytesNear(SEEDS.header).map((bytes) => ({ decoder: 'segment-header' as const, bytes })),
  bytesNear(SEEDS.payload).map((bytes) => ({ decoder: 'commit-payload' as const, bytes })),
  fc.record({ bytes: fc.uint8Array({ minLength: 48, maxLength: 512 }).map((array) => Buffer.from(array)), at: fc.nat() }).map(({ bytes, at }) => ({
    decoder: 'record' as const,
    bytes,
    at: (at % (bytes.length - 47)) & ~7,
  })),
);

/** Runs one decoder; returns a failure message, or undefined when it behaved. */
export function checkDecoder(input: DecoderInput): string | undefined {
  try {
    switch (input.decoder) {
      case 'control':
        decodeControlFile(input.bytes);
        break;
      case 'data':
        decodeDataFile(input.bytes);
        break;
      case 'segment-header':
        decodeSegmentHeader(input.bytes);
        break;
      case 'commit-payload':
        decodeCommitPayload(input.bytes);
        break;
      case 'record':
        probeRecord(input.bytes, input.at ?? 0, { lsn: 0x1030, previousLsn: 0, flushLsnAtLeast: 0, verifyChecksum: true });
        break;
      default:
        return assertNever(input.decoder, 'decoder');
    }
  } catch (error) {
    if (error instanceof EngineError) return undefined;
    return `${input.decoder} decoder threw ${String(error)} on ${input.bytes.toString('hex')}`;
  }
  return undefined;
}
