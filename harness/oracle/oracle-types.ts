/**
 * The oracle's inputs and outputs as plain data: what recovery produced, and
 * what the oracle found wrong with it.
 */
import type { PropertyName } from './property-names.js';

/** What opening the engine on a crash state produced. */
export type RecoveryResult =
  /** Recovery succeeded; the engine's dump, sorted by key. */
  | { readonly kind: 'recovered'; readonly entries: readonly (readonly [string, string])[] }
  /** Recovery failed: the engine refused to start (protocol `fatal`, or an `EngineError` in process). */
  | { readonly kind: 'failed'; readonly code: string; readonly message: string };

/** One thing wrong with one crash state. */
export interface OracleFinding {
  readonly property: PropertyName;
  readonly message: string;
  /** The lost, torn or phantom commit. */
  readonly tx?: number;
  readonly key?: string;
  /** What the key should hold (null: absent). */
  readonly expectedValue?: string | null;
  /** What it holds (null: absent). */
  readonly actualValue?: string | null;
}

/** Options of `checkRecoveredState`. */
export interface CheckOptions {
  /** The crash-state model the state was built with (`bitrot` has a weaker promise). */
  readonly faultModel: string;
}

/** Values longer than this are shortened in messages and findings. */
export const FINDING_VALUE_CHARACTERS_MAX = 80;
