/**
 * The comparison behind `reopen`'s honesty check: what a long-lived engine
 * recovered after `reopen` against what a fresh process recovered from the
 * same crash state. Entries must be equal; two failed recoveries agree (the
 * wording of a failure differs between a start and a reopen).
 */
import { assertNever } from '../../engine/invariants.js';
import type { CrashState } from '../crash-state/crash-state.js';
import { InfrastructureError } from '../errors/harness-errors.js';
import type { RecoveryResult } from '../oracle/oracle-types.js';

/** Raised when a reopened engine recovered a state differently from a fresh process (exit 3). */
export class ReopenNotEquivalentError extends InfrastructureError {}

/** A summary of a recovery result for the mismatch message. */
function describeResult(result: RecoveryResult): string {
  switch (result.kind) {
    case 'recovered':
      return `${result.entries.length} keys (${JSON.stringify(result.entries.slice(0, 3)).slice(0, 120)}${result.entries.length > 3 ? ', ...' : ''})`;
    case 'failed':
      return `a failed recovery (${result.code})`;
    default:
      return assertNever(result, 'recovery result');
  }
}

/** True when two recoveries agree: the same entries, or both failed (the wording of a failure differs between a start and a reopen). */
function sameRecovery(left: RecoveryResult, right: RecoveryResult): boolean {
  if (left.kind === 'failed' || right.kind === 'failed') return left.kind === right.kind;
  return JSON.stringify(left.entries) === JSON.stringify(right.entries);
}

/** Throws `ReopenNotEquivalentError`, naming the engine and the state, when the reopen's recovery differs from the fresh one. */
export function checkSameRecovery(engine: string, state: CrashState, reopened: RecoveryResult, fresh: RecoveryResult): void {
  if (sameRecovery(reopened, fresh)) return;
  throw new ReopenNotEquivalentError(
    `${engine}: reopen is not equivalent to a fresh start: the ${state.model} crash state at operation ${state.operationIndex} recovered ${describeResult(reopened)} after reopen, but ${describeResult(fresh)} in a fresh process; the engine keeps state across reopen (fix its open, or run with --no-reopen)`,
  );
}
