/**
 * Why the native shim cannot trace an engine: a typed error whose message
 * names the bad value (the missing compiler, the static binary). Usage-class
 * codes exit 2 (the engine or the configuration is the problem); the build
 * failures exit 3 (the machine is).
 */
import { InfrastructureError, UsageError } from '../cli/exit-codes.js';

/** What went wrong with the native shim. */
export type NativeShimErrorCode =
  /** No C compiler to build the shim with. */
  | 'NATIVE_NO_COMPILER'
  /** The compiler ran and failed. */
  | 'NATIVE_BUILD_FAILED'
  /** The engine's executable is statically linked: LD_PRELOAD cannot reach its calls. */
  | 'NATIVE_STATIC_BINARY'
  /** The engine's executable is a Go program: it makes system calls without libc. */
  | 'NATIVE_GO_BINARY'
  /** The engine's executable was not found. */
  | 'NATIVE_NOT_FOUND'
  /** A shim that cannot trace this engine was asked for (e.g. --shim node for a non-Node command). */
  | 'NATIVE_WRONG_SHIM';

/** Codes that are the user's configuration (exit 2) rather than the machine (exit 3). */
const USAGE_CODES: ReadonlySet<NativeShimErrorCode> = new Set(['NATIVE_STATIC_BINARY', 'NATIVE_GO_BINARY', 'NATIVE_NOT_FOUND', 'NATIVE_WRONG_SHIM']);

/** A native shim failure caused by the configuration: exits 2. */
export class NativeShimUsageError extends UsageError {
  constructor(
    readonly code: NativeShimErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A native shim failure caused by the machine (no compiler, a failed build): exits 3. */
export class NativeShimInfrastructureError extends InfrastructureError {
  constructor(
    readonly code: NativeShimErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Either kind of native shim failure; `code` says which. */
export type NativeShimError = NativeShimUsageError | NativeShimInfrastructureError;

/** The error of `code`, of the class whose exit code fits it. */
export function nativeShimError(code: NativeShimErrorCode, message: string): NativeShimError {
  return USAGE_CODES.has(code) ? new NativeShimUsageError(code, message) : new NativeShimInfrastructureError(code, message);
}
