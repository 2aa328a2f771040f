/**
 * The error for an invalid `ShimConfig`: an operating condition (bad input from
 * the harness or a user), so a typed error with a code, not an assertion.
 */

/** A `ShimConfig` value the shim cannot act on; the message names the field and value. */
export class ShimConfigError extends Error {
  override readonly name = 'ShimConfigError';
  readonly code = 'SHIM_BAD_CONFIG';
  constructor(message: string) {
    super(`shim config: ${message}`);
  }
}
