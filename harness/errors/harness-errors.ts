/**
 * The two operating-condition errors every layer of the harness may raise,
 * kept at the bottom floor so that the engine client, the core and the native
 * shim do not import the command line to say what went wrong. The command line
 * turns them into exit codes (`cli/exit-codes.ts`).
 */

/** Bad usage: an unknown flag, a malformed value. Exits 2 with its message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The harness could not do its job (engine would not start, hung, garbage output). Exits 3. */
export class InfrastructureError extends Error {
  override readonly name = 'InfrastructureError';
}
