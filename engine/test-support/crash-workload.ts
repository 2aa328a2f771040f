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
  /** The tx of the first commit this run issues. */
  readonly firstTx: number;
}

/** Runs `steps` against `engine`, recording issue order and acks; engine errors end the run quietly. */
export async function runWorkload(engine: Engine, steps: readonly WorkloadStep[], record: WorkloadRecord): Promise<void> {
  const issue = (shapes: readonly WriteShape[]): Promise<void> => {
    const tx = record.firstTx + record.issued.length;
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

/** One crash cycle's workload and crash point. */
export interface CrashCycle {
  readonly steps: readonly WorkloadStep[];
  readonly crashPick: number;
}

/** The result of a crash-and-check. */
export interface CrashCheckResult {
  readonly verdict: PrefixVerdict;
  /** Per cycle: the operation the plug was pulled before, of how many. */
  readonly crashPoints: readonly { readonly crashAtOperation: number; readonly operationCount: number }[];
}

const DIRECTORY = '/db';

/**
 * Runs each cycle on the disk the previous crash left (recovery included, so a
 * crash can hit recovery's own writes): the workload runs once to count its
 * file-system operations, then again with the plug pulled before operation
 * `crashPick % (count + 1)`; the crash state is recovered and checked against
 * the history so far (the commits the previous recovery kept, then this cycle's).
 */
export async function crashAndCheck(cycles: readonly CrashCycle[], options: CrashRunOptions = {}): Promise<CrashCheckResult> {
  const engineOptions = { directory: DIRECTORY, segmentSizeBytes: 4096, checkpointWalBytes: 16 * 1024, ...options };
  let disk = new MemFileSystem();
  let history: IssuedCommit[] = [];
  const crashPoints: { crashAtOperation: number; operationCount: number }[] = [];
  for (const cycle of cycles) {
    const firstTx = history.length === 0 ? 1 : Math.max(...history.map((commit) => commit.tx)) + 1;
    const dryRun = new CrashPointFileSystem(disk.crashClone({ unsynced: 'keep' }), Number.POSITIVE_INFINITY);
    const dryEngine = openEngine({ ...engineOptions, fileSystem: dryRun });
    await runWorkload(dryEngine, cycle.steps, { issued: [], acknowledged: new Set(), firstTx });
    await dryEngine.close();
    const operationCount = dryRun.operationCount();
    const crashAtOperation = cycle.crashPick % (operationCount + 1);
    crashPoints.push({ crashAtOperation, operationCount });

    const record: WorkloadRecord = { issued: [], acknowledged: new Set(), firstTx };
    let acknowledgedAtCrash: ReadonlySet<number> = new Set();
    const crashing = new CrashPointFileSystem(disk.crashClone({ unsynced: 'keep' }), crashAtOperation, () => {
      acknowledgedAtCrash = new Set(record.acknowledged);
    });
    const engine = openEngine({ ...engineOptions, fileSystem: crashing });
    await runWorkload(engine, cycle.steps, record);
    await engine.close();
    disk = crashing.crashState();
    history = [...history, ...record.issued];
    let recovered: readonly (readonly [string, string])[];
    try {
      const reopened = openEngine({ ...engineOptions, fileSystem: disk.crashClone({ unsynced: 'keep' }) });
      recovered = reopened.dump();
      await reopened.close();
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      return { verdict: { kind: 'violation', message: `recovery failed: ${error.code} ${error.message}` }, crashPoints };
    }
    const verdict = checkRecoveredPrefix(history, acknowledgedAtCrash, recovered);
    if (verdict.kind === 'violation') return { verdict, crashPoints };
    history = history.slice(0, verdict.prefixLength);
  }
  return { verdict: { kind: 'ok', prefixLength: history.length }, crashPoints };
}
