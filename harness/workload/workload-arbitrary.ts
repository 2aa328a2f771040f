/**
 * fast-check arbitraries for workloads. A workload is generated as a list of
 * small specs (which keys, delete or not, how big) and then numbered, so that
 * shrinking removes operations and shrinks values while transaction ids stay
 * dense and every value stays self-describing.
 */
import fc from 'fast-check';
import type { Write } from '../../engine/engine-types.js';
import { assert } from '../../engine/invariants.js';
import { commitValueHeader, makeCommitValue } from './commit-value.js';
import { WORKLOAD_LIMITS, type Workload, type WorkloadOperation, type WorkloadOptions } from './workload-types.js';

/** One write before numbering: which key, and a size or a delete. */
interface WriteSpec {
  readonly keyIndex: number;
  readonly sizeBytes: number | null;
}

/** One operation before numbering. */
type OperationSpec = { readonly kind: 'commit'; readonly writes: readonly WriteSpec[] } | { readonly kind: 'checkpoint' };

/** Checks options against `WORKLOAD_LIMITS`; a bad option is our caller's bug. */
function validateOptions(options: WorkloadOptions): void {
  assert(options.operationCount >= 0 && options.operationCount <= WORKLOAD_LIMITS.operationCountMax, `operationCount ${options.operationCount} out of range`);
  assert(options.keyCount >= 1 && options.keyCount <= WORKLOAD_LIMITS.keyCountMax, `keyCount ${options.keyCount} out of range`);
  const writesMax = options.writesPerCommitMax ?? 4;
  assert(writesMax >= 1 && writesMax <= WORKLOAD_LIMITS.writesPerCommitMax, `writesPerCommitMax ${writesMax} out of range`);
  const valueMax = options.valueSizeBytesMax ?? WORKLOAD_LIMITS.valueSizeBytesMax;
  assert(valueMax >= 1 && valueMax <= WORKLOAD_LIMITS.valueSizeBytesMax, `valueSizeBytesMax ${valueMax} out of range`);
  const valueMin = options.valueSizeBytesMin ?? 0;
  assert(valueMin >= 0 && valueMin <= valueMax, `valueSizeBytesMin ${valueMin} out of range`);
}

/** Value sizes skewed small, as in real workloads: most tiny, some a few KiB, a few near the maximum. */
function valueSizeArbitrary(valueSizeBytesMax: number): fc.Arbitrary<number> {
  const small = Math.min(64, valueSizeBytesMax);
  const medium = Math.min(4096, valueSizeBytesMax);
  return fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 0, max: small }) },
    { weight: 4, arbitrary: fc.integer({ min: small, max: medium }) },
    { weight: 1, arbitrary: fc.integer({ min: medium, max: valueSizeBytesMax }) },
  );
}

function writeSpecArbitrary(options: WorkloadOptions): fc.Arbitrary<WriteSpec> {
  const deletePercent = Math.round((options.deleteFraction ?? 0.1) * 100);
  return fc.record({
    keyIndex: fc.integer({ min: 0, max: options.keyCount - 1 }),
    // Deletes are drawn as a percentage so that shrinking turns deletes into puts, not the reverse.
    // Raising small sizes to the minimum (not drawing from a narrower range) keeps every workload without one unchanged.
    sizeBytes: fc.tuple(fc.integer({ min: 0, max: 99 }), valueSizeArbitrary(options.valueSizeBytesMax ?? WORKLOAD_LIMITS.valueSizeBytesMax)).map(
      ([percent, size]) => (percent < deletePercent ? null : Math.max(options.valueSizeBytesMin ?? 0, size)),
    ),
  });
}

function operationSpecArbitrary(options: WorkloadOptions): fc.Arbitrary<OperationSpec> {
  const commit = fc
    .uniqueArray(writeSpecArbitrary(options), { minLength: 1, maxLength: options.writesPerCommitMax ?? 4, selector: (spec) => spec.keyIndex })
    .map((writes): OperationSpec => ({ kind: 'commit', writes }));
  const checkpointPercent = Math.round((options.checkpointFraction ?? 0) * 100);
  if (checkpointPercent === 0) return commit;
  return fc.oneof(
    { weight: 100 - checkpointPercent, arbitrary: commit },
    { weight: checkpointPercent, arbitrary: fc.constant<OperationSpec>({ kind: 'checkpoint' }) },
  );
}

/** Numbers the specs: dense transaction ids from `firstTx`, self-describing values. */
function numberOperations(specs: readonly OperationSpec[], firstTx: number): WorkloadOperation[] {
  let tx = firstTx;
  return specs.map((spec): WorkloadOperation => {
    if (spec.kind === 'checkpoint') return spec;
    const commitTx = tx++;
    const writes = spec.writes.map((write): Write => {
      const key = `k${write.keyIndex}`;
      const header = commitValueHeader(commitTx, key);
      return [key, write.sizeBytes === null ? null : makeCommitValue(commitTx, key, header.length + write.sizeBytes)];
    });
    return { kind: 'commit', tx: commitTx, writes };
  });
}

/**
 * An arbitrary workload of `minimumOperations` to `operationCount` operations
 * (shrinks towards fewer, smaller ones, never below `minimumOperations`).
 */
export function workloadArbitrary(options: WorkloadOptions, minimumOperations = Math.min(1, options.operationCount)): fc.Arbitrary<Workload> {
  validateOptions(options);
  const clients = options.clients ?? 1;
  assert(clients >= 1 && clients <= WORKLOAD_LIMITS.clientsMax, `clients ${clients} out of range`);
  return fc
    .array(operationSpecArbitrary(options), { minLength: minimumOperations, maxLength: options.operationCount })
    .map((specs): Workload => ({ operations: numberOperations(specs, options.firstTx ?? 1), clients }));
}
