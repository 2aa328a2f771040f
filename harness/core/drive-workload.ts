/**
 * Drives a workload against an engine from concurrent clients: operation i
 * goes to client i mod clients, and each client waits for its previous answer
 * before sending its next operation, so up to `clients` operations are in
 * flight at once (what group commit needs). Stops early when the engine dies.
 */
import type { Write } from '../../engine/engine-types.js';
import type { CommitAnswer } from '../engine-client/engine-process.js';
import type { Workload } from '../workload/workload-types.js';

/** What a driver needs of an engine. */
export interface DrivenEngine {
  commit(tx: number, writes: readonly Write[]): Promise<CommitAnswer>;
  /** False when refused, or when the engine exited. */
  checkpoint(): Promise<boolean>;
}

/** Callbacks of `driveWorkload`, for the history recorder. */
export interface DriveObserver {
  onIssue?(tx: number, writes: readonly Write[]): void;
  onAnswer?(tx: number, answer: CommitAnswer): void;
}

/** Runs the workload; resolves when every client is done or the engine exited. */
export async function driveWorkload(engine: DrivenEngine, workload: Workload, observer: DriveObserver = {}): Promise<{ readonly engineExited: boolean }> {
  let engineExited = false;
  const client = async (clientIndex: number): Promise<void> => {
    for (let index = clientIndex; index < workload.operations.length && !engineExited; index += workload.clients) {
      const operation = workload.operations[index];
      if (operation === undefined) break;
      if (operation.kind === 'checkpoint') {
        await engine.checkpoint();
        continue;
      }
      observer.onIssue?.(operation.tx, operation.writes);
      const answer = await engine.commit(operation.tx, operation.writes);
      if (answer.kind === 'exited') {
        engineExited = true;
        return;
      }
      observer.onAnswer?.(operation.tx, answer);
    }
  };
  await Promise.all(Array.from({ length: workload.clients }, (_, clientIndex) => client(clientIndex)));
  return { engineExited };
}
