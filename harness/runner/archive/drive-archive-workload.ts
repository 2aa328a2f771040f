/**
 * Drives a harness workload against an in-process reference engine for the
 * archive scenarios: operation i goes to client i mod clients, each client
 * issues its operations one after another, and every issue, ack and error is
 * recorded in the oracle's commit history (acks with their LSN: the B1
 * property orders by it). Engine errors end a client quietly: after a crash
 * point the run goes on only to keep the trace identical to the dry run.
 */
import type { Engine } from '../../../engine/engine-types.js';
import { EngineError } from '../../../engine/engine-types.js';
import { assertNever } from '../../../engine/invariants.js';
import type { CommitEntry, CommitHistory } from '../../oracle/commit-history.js';
import type { Write } from '../../../engine/engine-types.js';
import type { Workload } from '../../workload/workload-types.js';

/** Records issues, acks and errors in order (one event counter is the clock) and snapshots a `CommitHistory`. */
export class ArchiveHistoryRecorder {
  private readonly entries = new Map<number, CommitEntry>();
  private clock = 0;

  issue(tx: number, writes: readonly Write[]): void {
    this.entries.set(tx, { tx, writes, status: 'in-flight', issuedAt: this.clock++ });
  }

  acknowledge(tx: number, lsn: string): void {
    const entry = this.entries.get(tx);
    if (entry !== undefined) this.entries.set(tx, { ...entry, status: 'acknowledged', lsn, acknowledgedAt: this.clock++ });
  }

  fail(tx: number, errorCode: string): void {
    const entry = this.entries.get(tx);
    if (entry !== undefined) this.entries.set(tx, { ...entry, status: 'failed', errorCode });
  }

  /** The history so far, from an empty store. */
  snapshot(): CommitHistory {
    return { initialEntries: new Map(), commits: [...this.entries.values()] };
  }
}

/** Runs `workload` on `engine`, recording into `recorder`. */
export async function driveArchiveWorkload(engine: Engine, workload: Workload, recorder: ArchiveHistoryRecorder): Promise<void> {
  const clients = Math.max(1, workload.clients);
  const client = async (clientIndex: number): Promise<void> => {
    for (let index = clientIndex; index < workload.operations.length; index += clients) {
      const operation = workload.operations[index];
      if (operation === undefined) continue;
      try {
        switch (operation.kind) {
          case 'commit': {
            recorder.issue(operation.tx, operation.writes);
            try {
              const receipt = await engine.commit(operation.tx, operation.writes);
              recorder.acknowledge(operation.tx, receipt.lsn);
            } catch (error) {
              if (!(error instanceof EngineError)) throw error;
              recorder.fail(operation.tx, error.code);
            }
            break;
          }
          case 'checkpoint':
            await engine.checkpoint();
            break;
          default:
            assertNever(operation, 'workload operation');
        }
      } catch (error) {
        if (!(error instanceof EngineError)) throw error;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
}
