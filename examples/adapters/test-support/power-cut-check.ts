/**
 * One deterministic power cut for an adapter test: start the adapter under the
 * shim on an empty directory, commit `commits` transactions one at a time,
 * SIGKILL it, build the crash state at the end of the trace under `model`
 * (power-loss: nothing unsynced survives) and `metadata` (strict POSIX
 * directory entries by default), recover a fresh adapter on it and
 * list the acknowledged commits it lost. The full search over every crash
 * point is `unplug crash`; this is the small, timing-free check the default
 * suite can afford for slow engines.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSystem } from '../../../engine/fs/node-file-system.js';
import type { CrashModel } from '../../../harness/crash-state/crash-models.js';
import { createCrashStateBuilder } from '../../../harness/crash-state/crash-state-builder.js';
import type { MetadataModel } from '../../../harness/crash-state/metadata-models.js';
import { materialiseCrashState } from '../../../harness/crash-state/materialise-crash-state.js';
import type { ShimChoice } from '../../../harness/native/choose-shim.js';
import { createTemporaryDirectory, removeTemporaryDirectory } from '../../../harness/engine-client/process-registry.js';
import { expectReady, startEngine } from '../../../harness/engine-client/start-engine.js';
import { readTrace } from '../../../harness/trace/trace-reader.js';
import { InfrastructureError } from '../../../harness/errors/harness-errors.js';
import type { TraceRecord } from '../../../harness/trace/trace-record.js';

/** What one power cut showed. */
export interface PowerCutResult {
  readonly acknowledged: readonly number[];
  /** Acknowledged transactions whose write is missing after recovery. */
  readonly lost: readonly number[];
  readonly records: readonly TraceRecord[];
  /** What the recovered engine holds. */
  readonly entries: readonly (readonly [string, string])[];
  /** The engine's `fatal` line when it refused to recover the crash state. */
  readonly recoveryRefused?: string;
}

/**
 * A generous bound on an engine's start: PostgreSQL's initdb under the shim on a loaded 2-core
 * machine can take a minute. A bound, not a measurement: the tests never assert on time.
 */
const READY_TIMEOUT_MS = 240_000;

/** Options of `powerCutCheck`. */
export interface PowerCutOptions {
  readonly commits: number;
  /** Ask for a checkpoint after this many commits. */
  readonly checkpointAfter?: number;
  readonly model?: CrashModel;
  readonly metadata?: MetadataModel;
  /** Also recover the same trace's crash state under this metadata model (one traced run, two verdicts). */
  readonly alsoUnder?: MetadataModel;
  readonly shim?: ShimChoice;
  readonly seed?: number;
}

/** What recovering one crash state showed. */
type Recovery = Pick<PowerCutResult, 'lost' | 'entries' | 'recoveryRefused'>;

/** Runs the check for the engine `command` (a protocol-v1 command line, `--dir` appended). */
export async function powerCutCheck(command: string, options: PowerCutOptions): Promise<PowerCutResult & { readonly also?: Recovery }> {
  const directory = createTemporaryDirectory('adapter-data');
  const traceDirectory = createTemporaryDirectory('adapter-trace');
  const tracePath = join(traceDirectory, 'trace.bin');
  const launch = { kind: 'command', command, shim: options.shim ?? 'auto' } as const;
  try {
    const engine = expectReady(await startEngine(launch, { directory, shim: { root: directory, tracePath, seed: options.seed ?? 1 }, readyTimeoutMs: READY_TIMEOUT_MS }), command);
    const acknowledged: number[] = [];
    try {
      for (let tx = 1; tx <= options.commits; tx += 1) {
        const answer = await engine.commit(tx, [[`k${tx}`, `value of ${tx}`]]);
        if (answer.kind === 'ack') acknowledged.push(tx);
        if (tx === options.checkpointAfter) await engine.checkpoint();
      }
      // One more answer before the kill: the adapter's records of its acks are then surely in the trace.
      await engine.dump();
    } finally {
      await engine.kill();
    }
    const records = existsSync(tracePath) ? readTrace(tracePath).records : [];
    const recover = (metadata: MetadataModel): Promise<Recovery> => recoverAndList(command, records, acknowledged, metadata, options);
    const main = await recover(options.metadata ?? 'strict');
    const also = options.alsoUnder === undefined ? undefined : await recover(options.alsoUnder);
    return { acknowledged, records, ...main, ...(also === undefined ? {} : { also }) };
  } finally {
    for (const made of [directory, traceDirectory]) removeTemporaryDirectory(made);
  }
}

/** Builds the crash state at the end of `records` under `metadata`, recovers the engine on it and lists the acknowledged commits it lost. */
async function recoverAndList(command: string, records: readonly TraceRecord[], acknowledged: readonly number[], metadata: MetadataModel, options: PowerCutOptions): Promise<Recovery> {
  const recovered = createTemporaryDirectory('adapter-recovered');
  try {
    const builder = createCrashStateBuilder({ metadata });
    for (const record of records) builder.apply(record);
    materialiseCrashState(builder.build(options.model ?? 'power-loss', options.seed ?? 1), new NodeFileSystem(), recovered);
    const restarted = await startEngine({ kind: 'command', command }, { directory: recovered, readyTimeoutMs: READY_TIMEOUT_MS });
    if (restarted.kind === 'fatal') return { lost: acknowledged, entries: [], recoveryRefused: `${restarted.code}: ${restarted.message}` };
    const recovering = expectReady(restarted, `${command} (recovering)`);
    let entries: readonly (readonly [string, string])[] | undefined;
    try {
      entries = await recovering.dump();
    } catch (error) {
      // An engine that started but cannot read its own data (PostgreSQL with a relation file missing) refused it too.
      if (!(error instanceof InfrastructureError)) throw error;
      return { lost: acknowledged, entries: [], recoveryRefused: `dump failed: ${error.message}` };
    } finally {
      await recovering.kill();
    }
    if (entries === undefined) return { lost: acknowledged, entries: [], recoveryRefused: 'the engine died before answering dump' };
    const present = new Set(entries.map(([key]) => key));
    return { lost: acknowledged.filter((tx) => !present.has(`k${tx}`)), entries };
  } finally {
    removeTemporaryDirectory(recovered);
  }
}
