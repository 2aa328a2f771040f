/**
 * Assertions for our own bugs. An assertion failure means the code is wrong, not
 * the disk or the input: the only correct response is to crash loudly. Operating
 * conditions (a corrupt file, a failed fsync, bad input) use typed errors instead.
 */

/** An assertion that failed: a bug in unplug itself. */
export class AssertionFailure extends Error {
  override readonly name = 'AssertionFailure';
}

/** Crashes with an AssertionFailure when `condition` is false. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new AssertionFailure(`assertion failed: ${message}`);
  }
}

/** Ends every `switch` over a discriminated union: the compiler proves it unreachable. */
export function assertNever(value: never, what = 'value'): never {
  throw new AssertionFailure(`unexpected ${what}: ${JSON.stringify(value)}`);
}
