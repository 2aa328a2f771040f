/**
 * The state of one traced process: the root, the descriptor table, where
 * records go, which faults to inject and when to crash. The patches of each
 * node:fs family share one session, so the records of every family form one
 * ordered stream and one operation count.
 */
import type { CrashPoint } from '../shim/crash-point.js';
import type { FaultDecider, FaultDecision, ShimOperationKind } from '../shim/fault-decider.js';
import type { TraceRecord } from '../trace/trace-record.js';
import type { TraceWriter } from '../trace/trace-writer.js';
import { DescriptorTable } from './descriptor-table.js';
import { FileWriteQueue } from './file-write-queue.js';
import type { RootPath } from './root-path.js';

/** The kinds of trace record that are not file-system operations (they do not count towards crash points). */
const NON_FILE_SYSTEM_KINDS: ReadonlySet<TraceRecord['kind']> = new Set(['output', 'fault']);

/** One traced process's shared shim state. */
export class PreloadSession {
  readonly descriptors = new DescriptorTable();
  readonly writeQueue = new FileWriteQueue();
  private fileSystemOperationCount = 0;

  constructor(
    readonly root: RootPath,
    private readonly trace: TraceWriter | undefined,
    private readonly faults: FaultDecider,
    private readonly crash: CrashPoint,
    private readonly sleep: (durationMs: number) => void,
  ) {}

  /** Records a completed file-system operation, then crashes the process when it was the crash point. */
  record(record: TraceRecord): void {
    this.trace?.append(record);
    if (NON_FILE_SYSTEM_KINDS.has(record.kind)) return;
    const index = this.fileSystemOperationCount;
    this.fileSystemOperationCount += 1;
    this.crash.afterOperation(index);
  }

  /** Records that the shim injected `fault` into `operation` on `path`. */
  recordFault(fault: string, operation: string, path: string): void {
    this.record({ kind: 'fault', fault, operation, path });
  }

  /** Records a line the program wrote to stdout. */
  recordOutput(line: string): void {
    this.record({ kind: 'output', line });
  }

  /** The faults to inject into a `kind` operation on the root-relative `path`. */
  decide(kind: ShimOperationKind, path: string): FaultDecision {
    // The decider takes the path as a program names it and maps it to the root itself.
    return this.faults.decide({ kind, path: this.root.fromRelative(path) });
  }

  /** Blocks the thread for `durationMs` (the latency of a synchronous call). */
  sleepSync(durationMs: number): void {
    if (durationMs > 0) this.sleep(durationMs);
  }

  /** Closes the trace (at process exit). */
  close(): void {
    this.trace?.close();
  }
}
