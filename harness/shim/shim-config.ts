/**
 * The shim's configuration, passed to a traced child process as JSON in the
 * `UNPLUG_SHIM` environment variable. The same document configures the
 * reference engine's decorator stack (`unplug engine`) and the Node preload
 * shim (`node --import <shim>`), so the harness treats both engines alike.
 */

/** The environment variable that carries a JSON-encoded `ShimConfig`. */
export const SHIM_CONFIG_ENVIRONMENT_VARIABLE = 'UNPLUG_SHIM';

/** Which operations a fault applies to. */
export interface FaultTarget {
  /** A glob over the path relative to the root (`*` within a component, `**` across). @defaultValue every path */
  readonly pathPattern?: string;
  /** Operation kinds, e.g. ['sync'] or ['write']. @defaultValue every kind the fault applies to */
  readonly operations?: readonly string[];
  /** Only the N-th (0-based) matching operation; otherwise each matching operation with `probability`. */
  readonly matchIndex?: number;
  /** @defaultValue 1 */
  readonly probability?: number;
}

/** An injected fault, as data. */
export type InjectedFault =
  /** EIO from fsync/fdatasync with Linux semantics: the dirty data is dropped and a later sync succeeds. */
  | { readonly kind: 'eio-fsync'; readonly target: FaultTarget }
  | { readonly kind: 'eio-write'; readonly target: FaultTarget }
  | { readonly kind: 'enospc'; readonly target: FaultTarget }
  /** The write stores only the first `keepFraction` of its bytes and reports the short count. */
  | { readonly kind: 'short-write'; readonly keepFraction: number; readonly target: FaultTarget }
  /** Delays matching operations: fixed, or exponential with a mean, capped. */
  | { readonly kind: 'latency'; readonly meanMs: number; readonly distribution: 'fixed' | 'exponential'; readonly capMs: number; readonly target: FaultTarget };

/** The shim's configuration for one traced process. */
export interface ShimConfig {
  /** The directory whose operations are recorded and faulted (the engine's data directory). */
  readonly root: string;
  /** Where to append the trace; no tracing when absent. */
  readonly tracePath?: string;
  /** SIGKILL the process right after the N-th (0-based) recorded file-system operation. */
  readonly crashAfterOperation?: number;
  readonly faults?: readonly InjectedFault[];
  /** Seed of every random choice the shim makes (probabilities, latencies). */
  readonly seed: number;
  /**
   * Node preload shim only: a descriptor on which the harness retargets a reused
   * engine to its next traced run (`harness/preload/retarget-channel.ts`).
   */
  readonly controlFd?: number;
}
