/**
 * When the reference engine's next turn runs (flush a batch, run a requested
 * checkpoint, finish closing).
 *
 * The turn is a microtask: it runs once the code that queued the commit and
 * every continuation already queued have run, so commits issued together (the
 * protocol host dispatches a whole input chunk at once; clients woken by one
 * flush's acks re-commit before it) share a flush, without a trip through the
 * event loop per flush (that trip was a tenth of the CPU profile of one
 * in-process client). So that timers and I/O are never starved by clients that
 * re-commit at once forever, every `MICROTASK_TICKS_IN_A_ROW_MAX`th turn waits
 * for the event loop (setImmediate) instead.
 */

/** At most this many turns in a row run as microtasks; the next one waits for the event loop. */
export const MICROTASK_TICKS_IN_A_ROW_MAX = 16;

/** Schedules at most one pending run of a turn function. */
export class TickScheduler {
  #scheduled = false;
  #microtaskTicksInARow = 0;

  constructor(private readonly turn: () => void) {}

  /** Runs the turn soon, unless a run is already pending. */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#microtaskTicksInARow += 1;
    if (this.#microtaskTicksInARow < MICROTASK_TICKS_IN_A_ROW_MAX) {
      queueMicrotask(this.#run);
      return;
    }
    this.#microtaskTicksInARow = 0;
    setImmediate(this.#run);
  }

  readonly #run = (): void => {
    this.#scheduled = false;
    this.turn();
  };
}
