/**
 * Serialises the shim's asynchronous writes per file. A positionless or
 * O_APPEND write's offset is resolved when it is issued (from the tracked
 * position or the file's size), which is only exact when no other write to the
 * same file is in flight; so each waits for the previous one to complete.
 * Writes to different files still overlap.
 */

/** Upper bound on writes waiting for one file; more means the program floods a file without waiting. */
export const MAX_QUEUED_WRITES_PER_FILE = 100_000;

/** A task that starts an asynchronous write and calls `finish` once it completed (successfully or not). */
export type QueuedWrite = (finish: () => void) => void;

/** Per-file FIFO queues of asynchronous writes. */
export class FileWriteQueue {
  private readonly queues = new Map<number, QueuedWrite[]>();

  /** Runs `task` once every earlier task for `fileId` has finished. */
  run(fileId: number, task: QueuedWrite): void {
    const queue = this.queues.get(fileId);
    if (queue !== undefined) {
      if (queue.length >= MAX_QUEUED_WRITES_PER_FILE) {
        throw new Error(`unplug preload shim: more than ${MAX_QUEUED_WRITES_PER_FILE} writes in flight to one file`);
      }
      queue.push(task);
      return;
    }
    this.queues.set(fileId, []);
    this.start(fileId, task);
  }

  private start(fileId: number, task: QueuedWrite): void {
    let finished = false;
    task(() => {
      if (finished) return;
      finished = true;
      const next = this.queues.get(fileId)?.shift();
      if (next === undefined) this.queues.delete(fileId);
      else this.start(fileId, next);
    });
  }
}
