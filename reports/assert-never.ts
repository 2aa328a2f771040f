/**
 * The exhaustiveness check for `switch` statements over the report's unions.
 * Reports read report data only and import nothing from engine/ or harness/,
 * so this is a local twin of the engine's `assertNever`.
 */

/** Ends every `switch` over a discriminated union: the compiler proves it unreachable. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`assertion failed: unexpected ${what}: ${JSON.stringify(value)}`);
}
