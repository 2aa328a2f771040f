/**
 * The state of one traced process: the root, the descriptor table, where
 * records go, which faults to inject and when to crash. The patches of each
 * node:fs family share one session, so the records of every family form one
 * ordered stream and one operation count.
 *
 * A session can be retargeted (`retargetWhenTouched`, fed by
 * `retarget-channel.ts`): the harness reuses a traced engine that offers
 * `reopen` for its next run instead of starting a new process. The next
 * target (a new root, trace, fault stream and crash point) takes over at the
 * first operation on a path under its root, not when it is announced: a
 * correct `reopen` closes the old store before it opens the new one, so every
 * operation of the old store, closing included, stays in the old trace, and
 * the new trace starts with the new store's first operation, as a fresh
 * process's would. From then on the old root is outside the root: descriptors
 * still open on it are no longer traced.
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

/** What one traced run records into and injects: replaced when a reused engine moves to its next run. */
export interface SessionTarget {
  readonly root: RootPath;
  readonly trace: TraceWriter | undefined;
  readonly faults: FaultDecider;
  readonly crash: CrashPoint;
}

/** One traced process's shared shim state. */
export class PreloadSession {
  readonly writeQueue = new FileWriteQueue();
  private target: SessionTarget;
  private pending: SessionTarget | undefined;
  private table = new DescriptorTable();
  private fileSystemOperationCount = 0;
  /** The current root; asking it about a path under a pending target's root switches to that target first. */
  readonly root: RootPath;

  constructor(
    target: SessionTarget,
    private readonly sleep: (durationMs: number) => void,
  ) {
    this.target = target;
    this.root = {
      relative: (programPath) => {
        this.switchWhenUnder(programPath);
        return this.target.root.relative(programPath);
      },
      absolute: (programPath) => this.target.root.absolute(programPath),
      fromRelative: (relativePath) => this.target.root.fromRelative(relativePath),
    };
  }

  /** Descriptors opened under the current root. */
  get descriptors(): DescriptorTable {
    return this.table;
  }

  /** Makes `next` the target from the first operation on a path under its root (a later call replaces an unused one). */
  retargetWhenTouched(next: SessionTarget): void {
    this.pending?.trace?.close();
    this.pending = next;
  }

  private switchWhenUnder(programPath: unknown): void {
    const next = this.pending;
    if (next === undefined || next.root.relative(programPath) === undefined) return;
    this.pending = undefined;
    this.target.trace?.close();
    this.target = next;
    this.table = new DescriptorTable();
    this.fileSystemOperationCount = 0;
  }

  /** Records a completed file-system operation, then crashes the process when it was the crash point. */
  record(record: TraceRecord): void {
    this.target.trace?.append(record);
    if (NON_FILE_SYSTEM_KINDS.has(record.kind)) return;
    const index = this.fileSystemOperationCount;
    this.fileSystemOperationCount += 1;
    this.target.crash.afterOperation(index);
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
    return this.target.faults.decide({ kind, path: this.target.root.fromRelative(path) });
  }

  /** Blocks the thread for `durationMs` (the latency of a synchronous call). */
  sleepSync(durationMs: number): void {
    if (durationMs > 0) this.sleep(durationMs);
  }

  /** Closes the traces (at process exit). */
  close(): void {
    this.target.trace?.close();
    this.pending?.trace?.close();
  }
}
