/**
 * Prepares the next WAL segment ahead of need, in its own engine turn
 * (setImmediate), after the acknowledgements of the flush that entered the
 * current segment went out: the flush that needs the segment later does not
 * pay for creating it (`WalWriter.prepareAhead` says when one is due).
 */
import { FileSystemError } from '../fs/file-system.js';
import type { Lsn } from '../wal/lsn.js';
import type { WalWriter } from './wal-writer.js';

/** Schedules at most one pending preparation of the next segment. */
export class PrepareAhead {
  #scheduled = false;

  constructor(
    private readonly writer: WalWriter,
    /** The end of the log when the preparation runs. */
    private readonly endLsn: () => Lsn,
    /** True once the engine is poisoned or closing: nothing is prepared then. */
    private readonly stopped: () => boolean,
  ) {}

  /** Schedules the preparation when the writer says one is due. */
  scheduleIfDue(): void {
    if (this.#scheduled || !this.writer.needsPrepareAhead(this.endLsn())) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.stopped()) return;
      try {
        this.writer.prepareAhead(this.endLsn());
      } catch (error) {
        // Preparing ahead only saves the flush that needs the segment some
        // work: a failure leaves it to that flush, which prepares the segment
        // itself and fails (and poisons the engine) if it fails again. Nothing
        // acknowledged depends on the bytes of a segment not yet in use.
        if (!(error instanceof FileSystemError)) throw error;
      }
    });
  }
}
