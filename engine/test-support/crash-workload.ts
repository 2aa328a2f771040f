/**
 * Random engine workloads and the crash-and-check routine of the durability
 * property: run a workload on a MemFileSystem, pull the plug before a chosen
 * file-system operation (only synced state survives), recover from that crash
 * state and check it with the prefix oracle.
 */
import fc from 'fast-check';
import type { DefectName, Engine, SyncMethod, Write } from '../engine-types.js';
import { EngineError } from '../engine-types.js';
import { assertNever } from '../invariants.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';
import { CrashPointFileSystem } from './crash-point-file-system.js';
import { checkRecoveredPrefix } from './prefix-checker.js';
import type { IssuedCommit, PrefixVerdict } from './prefix-checker.js';

/** One step of a workload: writes are [key, value length or null for a delete]. */
export type WorkloadStep =
  | { readonly kind: 'commit'; readonly writes: readonly WriteShape[] }
  | { readonly kind: 'concurrent'; readonly commits: readonly (readonly WriteShape[])[] }
  | { readonly kind: 'checkpoint' };

/** A write before its value is made: key and value length, or null to delete. */
export type WriteShape = readonly [key: string, valueLengthBytes: number | null];

const KEYS = ['a', 'b', 'c', 'd', 'e'] as const;
const writeShape: fc.Arbitrary<WriteShape> = fc.tuple(
  fc.constantFrom(...KEYS),
  fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 120 }) }, { weight: 1, arbitrary: fc.integer({ min: 3000, max: 9000 }) }, { weight: 1, arbitrary: fc.constant(null) }),
);
const commitShape = fc.array(writeShape, { minLength: 1, maxLength: 4 });

/** Workloads of up to `stepsMax` steps: commits, concurrent groups of commits, checkpoints. */
export function workloadArbitrary(stepsMax = 12): fc.Arbitrary<WorkloadStep[]> {
  const step: fc.Arbitrary<WorkloadStep> = fc.oneof(
    { weight: 4, arbitrary: commitShape.map((writes) => ({ kind: 'commit' as const, writes })) },
    { weight: 3, arbitrary: fc.array(commitShape, { minLength: 2, maxLength: 8 }).map((commits) => ({ kind: 'concurrent' as const, commits })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'checkpoint' as const }) },
  );
  return fc.array(step, { minLength: 1, maxLength: stepsMax });
}

/** The value a workload writes: names its commit and key, so any misplaced or torn value is foreign. */
export function workloadValue(tx: number, key: string, lengthBytes: number): string {
  const prefix = `t${tx}.${key}.`;
  return prefix + 'x'.repeat(Math.max(0, lengthBytes - prefix.length));
}

/** What a workload run issued and what was acknowledged. */
export interface WorkloadRecord {
  readonly issued: IssuedCommit[];
  readonly acknowledged: Set<number>;
}

/** Runs `steps` against `engine`, recording issue order and acks; engine errors end the run quietly. */
export async function runWorkload(engine: Engine, steps: readonly WorkloadStep[], record: WorkloadRecord): Promise<void> {
  const issue = (shapes: readonly WriteShape[]): Promise<void> => {
    const tx = record.issued.length + 1;
    const writes: Write[] = shapes.map(([key, length]) => [key, length === null ? null : workloadValue(tx, key, length)]);
    record.issued.push({ tx, writes });
    return engine.commit(tx, writes).then(() => {
      record.acknowledged.add(tx);
    });
  };
  try {
    for (const step of steps) {
      switch (step.kind) {
        case 'commit':
          await issue(step.writes);
          break;
        case 'concurrent':
          await Promise.all(step.commits.map(issue));
          break;
        case 'checkpoint':
          await engine.checkpoint();
          break;
        default:
          assertNever(step, 'workload step');
      }
    }
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
  }
}

/** Engine options of a crash run. */
export interface CrashRunOptions {
  readonly defects?: readonly DefectName[];
  readonly syncMethod?: SyncMethod;
  readonly segmentSizeBytes?: number;
  readonly checkpointWalBytes?: number;
}

/** The result of one crash-and-check. */
export interface CrashCheckResult {
  readonly verdict: PrefixVerdict;
  readonly crashAtOperation: number;
  readonly operationCount: number;
}

const DIRECTORY = '/db';

/**
 * Runs the workload once to count its file-system operations, then again with
 * the plug pulled before operation `crashPick % (count + 1)`, recovers and checks.
 */
export async function crashAndCheck(steps: readonly WorkloadStep[], crashPick: number, options: CrashRunOptions = {}): Promise<CrashCheckResult> {
  const engineOptions = { directory: DIRECTORY, segmentSizeBytes: 4096, checkpointWalBytes: 16 * 1024, ...options };
  const dryRun = new CrashPointFileSystem(new MemFileSystem(), Number.POSITIVE_INFINITY);
  const dryEngine = openEngine({ ...engineOptions, fileSystem: dryRun });
  await runWorkload(dryEngine, steps, { issued: [], acknowledged: new Set() });
  await dryEngine.close();
  const operationCount = dryRun.operationCount();
  const crashAtOperation = crashPick % (operationCount + 1);

  const record: WorkloadRecord = { issued: [], acknowledged: new Set() };
  let acknowledgedAtCrash: ReadonlySet<number> = new Set();
  const crashing = new CrashPointFileSystem(new MemFileSystem(), crashAtOperation, () => {
    acknowledgedAtCrash = new Set(record.acknowledged);
  });
  const engine = openEngine({ ...engineOptions, fileSystem: crashing });
  await runWorkload(engine, steps, record);
  await engine.close();
  const crashState = crashing.crashState();
  let recovered: readonly (readonly [string, string])[];
  try {
    const reopened = openEngine({ ...engineOptions, fileSystem: crashState });
    recovered = reopened.dump();
    await reopened.close();
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return { verdict: { kind: 'violation', message: `recovery failed: ${error.code} ${error.message}` }, crashAtOperation, operationCount };
  }
  return { verdict: checkRecoveredPrefix(record.issued, acknowledgedAtCrash, recovered), crashAtOperation, operationCount };
}
