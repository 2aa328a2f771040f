/**
 * A traced run of the reference engine in this process, on an in-memory file
 * system, through the same shim decorator stack `unplug engine` uses: the
 * fastest way to get a trace to explore, and deterministic for a workload
 * (one process, no scheduler in the way), which makes explore replay exact.
 * The harness records its own issue markers and the acks as `output` records,
 * so the trace alone orders issues, operations and acks.
 */
import type { Engine, Write } from '../../../engine/engine-types.js';
import { MemFileSystem } from '../../../engine/fs/mem-file-system.js';
import { openEngine } from '../../../engine/store/open-engine.js';
import type { CrashState } from '../../crash-state/crash-state.js';
import { materialiseCrashState } from '../../crash-state/materialise-crash-state.js';
import type { ReferenceEngineOptions } from '../../engine-client/engine-launch.js';
import type { CommitAnswer } from '../../engine-client/engine-process.js';
import { composeShimFileSystem, type ShimStack } from '../../shim/compose-shim-file-system.js';
import type { InjectedFault } from '../../shim/shim-config.js';
import { createMemoryTraceSink } from '../../trace/trace-sink.js';
import type { TraceRecord } from '../../trace/trace-record.js';
import type { Workload } from '../../workload/workload-types.js';
import { driveWorkload, type DrivenEngine } from '../../core/drive-workload.js';
import { recoveryFailureOf } from '../../core/recover-crash-state.js';
import { issueMarkerLine } from '../../core/trace-boundaries.js';
import type { IssuedCommit, TracedRun } from '../../core/traced-history.js';

/** The data directory of in-process runs, on their in-memory file system. */
export const IN_PROCESS_DATA_DIRECTORY = '/data';

/** Options of `runInProcess`. */
export interface InProcessRunOptions {
  readonly workload: Workload;
  readonly engineOptions: ReferenceEngineOptions;
  readonly faults?: readonly InjectedFault[];
  readonly seed: number;
  /** The state to start from (a previous crash state); empty by default. */
  readonly base?: CrashState;
}

/** The driver's view of an in-process engine: answers as the protocol host would print them, recorded in the trace. */
function adaptEngine(engine: Engine, stack: ShimStack): DrivenEngine {
  let id = 0;
  return {
    async commit(tx, writes) {
      const requestId = ++id;
      try {
        const receipt = await engine.commit(tx, writes);
        stack.recordOutput(JSON.stringify({ id: requestId, type: 'ack', tx, lsn: receipt.lsn }));
        return { kind: 'ack', lsn: receipt.lsn };
      } catch (error) {
        const failure = recoveryFailureOf(error);
        const code = failure.kind === 'failed' ? failure.code : 'INTERNAL';
        const message = failure.kind === 'failed' ? failure.message : '';
        stack.recordOutput(JSON.stringify({ id: requestId, type: 'error', tx, code, message }));
        return { kind: 'error', code, message };
      }
    },
    async checkpoint() {
      try {
        await engine.checkpoint();
        return true;
      } catch (error) {
        recoveryFailureOf(error);
        return false;
      }
    },
  };
}

/** Runs the workload in process under the shim, to completion, and returns the trace. */
export async function runInProcess(options: InProcessRunOptions): Promise<TracedRun> {
  const base = new MemFileSystem();
  if (options.base !== undefined) materialiseCrashState(options.base, base, IN_PROCESS_DATA_DIRECTORY);
  else base.mkdirAll(IN_PROCESS_DATA_DIRECTORY);
  const sink = createMemoryTraceSink();
  const commits = new Map<number, { tx: number; writes: readonly Write[]; answer?: CommitAnswer }>();
  const stack = composeShimFileSystem(base, { root: IN_PROCESS_DATA_DIRECTORY, seed: options.seed, faults: options.faults ?? [] }, { sink });
  let engine: Engine;
  try {
    engine = openEngine({ directory: IN_PROCESS_DATA_DIRECTORY, fileSystem: stack.fileSystem, ...options.engineOptions });
  } catch (error) {
    const failure = recoveryFailureOf(error);
    stack.close();
    return { records: sink.records, commits: [], ...(failure.kind === 'failed' ? { openFailure: { code: failure.code, message: failure.message } } : {}) };
  }
  try {
    await driveWorkload(adaptEngine(engine, stack), options.workload, {
      onIssue(tx, writes) {
        commits.set(tx, { tx, writes });
        stack.recordOutput(issueMarkerLine(tx));
      },
      onAnswer(tx, answer) {
        const commit = commits.get(tx);
        if (commit !== undefined) commit.answer = answer;
      },
    });
    // A poisoned engine may refuse to close; the trace is complete either way.
    await engine.close().catch(() => undefined);
  } finally {
    stack.close();
  }
  return { records: sink.records, commits: [...commits.values()] };
}
