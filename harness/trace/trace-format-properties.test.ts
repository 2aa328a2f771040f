import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from './trace-record.js';
import { encodeTraceFileHeader } from './trace-format.js';
import { encodeTraceRecordBytes } from './trace-record-encoder.js';
import { readTraceBytes } from './trace-reader.js';

const pathArbitrary = fc.string({ maxLength: 24, unit: 'grapheme' });
const fileIdArbitrary = fc.integer({ min: 0, max: 0xffff_ffff });
const sizeArbitrary = fc.maxSafeNat();
const syncModeArbitrary = fc.constantFrom('none', 'dsync', 'sync' as const);

const recordArbitrary: fc.Arbitrary<TraceRecord> = fc.oneof(
  fc.record({ kind: fc.constant('mkdir' as const), path: pathArbitrary }),
  fc.record({ kind: fc.constant('create' as const), path: pathArbitrary, fileId: fileIdArbitrary }),
  fc.record({ kind: fc.constant('open' as const), path: pathArbitrary, fileId: fileIdArbitrary, syncMode: syncModeArbitrary }),
  fc.record({
    kind: fc.constant('write' as const),
    fileId: fileIdArbitrary,
    offsetBytes: sizeArbitrary,
    data: fc.uint8Array({ maxLength: 64 }),
    syncMode: syncModeArbitrary,
  }),
  fc.record({ kind: fc.constant('truncate' as const), fileId: fileIdArbitrary, sizeBytes: sizeArbitrary }),
  fc.record({ kind: fc.constant('sync' as const), fileId: fileIdArbitrary, syncKind: fc.constantFrom('fsync', 'fdatasync' as const) }),
  fc.record({ kind: fc.constant('sync-directory' as const), path: pathArbitrary }),
  fc.record({ kind: fc.constant('rename' as const), sourcePath: pathArbitrary, targetPath: pathArbitrary }),
  fc.record({ kind: fc.constant('remove' as const), path: pathArbitrary }),
  fc.record({ kind: fc.constant('output' as const), line: fc.string({ maxLength: 40 }) }),
  fc.record({ kind: fc.constant('fault' as const), fault: pathArbitrary, operation: pathArbitrary, path: pathArbitrary }),
);

function encodeTrace(records: readonly TraceRecord[]): Buffer {
  return Buffer.concat([encodeTraceFileHeader(), ...records.map((record) => encodeTraceRecordBytes(record))]);
}

describe('trace format properties', () => {
  it('round-trips any record sequence', () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { maxLength: 12 }), (records) => {
        const decoded = readTraceBytes(encodeTrace(records));
        expect(decoded.records).toEqual(records);
        expect(decoded.tornTailBytes).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('reads any cut of a trace as a prefix of its records plus a counted torn tail', () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { minLength: 1, maxLength: 8 }), fc.nat(), (records, cutSeed) => {
        const whole = encodeTrace(records);
        const cutLength = cutSeed % (whole.length + 1);
        const decoded = readTraceBytes(whole.subarray(0, cutLength));
        expect(decoded.records).toEqual(records.slice(0, decoded.records.length));
        expect(decoded.validLengthBytes + decoded.tornTailBytes).toBe(cutLength);
      }),
      { numRuns: 200 },
    );
  });

  it('never returns altered records when a byte is corrupted: it throws or reports a torn tail', () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { minLength: 1, maxLength: 8 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (records, positionSeed, flipMask) => {
        const corrupt = Buffer.from(encodeTrace(records));
        const position = positionSeed % corrupt.length;
        corrupt[position] = (corrupt[position] as number) ^ flipMask;
        let decoded: ReturnType<typeof readTraceBytes>;
        try {
          decoded = readTraceBytes(corrupt);
        } catch (error) {
          expect((error as Error).name).toBe('TraceFormatError');
          return;
        }
        // Only a length field made longer can pass as a torn tail; the records before it are intact.
        expect(decoded.tornTailBytes).toBeGreaterThan(0);
        expect(decoded.records).toEqual(records.slice(0, decoded.records.length));
      }),
      { numRuns: 300 },
    );
  });
});
