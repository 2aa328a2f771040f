/**
 * The exit codes of every `unplug` command (docs/reports.md). Other tools
 * rely on them: CI fails a build on 1, a wrapper retries on 3.
 */
export const EXIT_CODES = Object.freeze({
  /** Every verdict as expected. */
  ok: 0,
  /** A verdict differs: a durability violation where durable was expected, or a defect that went undetected. */
  verdictDiffers: 1,
  /** Bad usage or configuration; the message names the bad value. */
  usage: 2,
  /** Infrastructure failure: the engine would not start, a timeout. */
  infrastructure: 3,
});

/** One of the values of `EXIT_CODES`. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

// The errors live below every layer that raises them; the command line maps them to exit codes.
export { InfrastructureError, UsageError } from '../errors/harness-errors.js';
