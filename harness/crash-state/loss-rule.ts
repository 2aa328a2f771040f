/**
 * Which rule of the crash model lost a commit: "a directory entry never
 * synced" (the file holding it was created, renamed or put in a new directory,
 * and that operation never became durable) or "data never synced" (the file is
 * there, its bytes were written but never synced). Read from the crash
 * state's `lostWork` (what it lost of the live directory, by rule) and the
 * value the commit wrote: the lost file whose live bytes hold that value is
 * the one that lost it. Without a value to look for (a delete, a value the
 * engine encodes), the rule is still known when everything lost was lost by
 * one rule; otherwise the report names both.
 */
import { assertNever } from '../../engine/invariants.js';
import type { CrashState, LostWork } from './crash-state.js';
import { describeMetadataModel } from './metadata-models.js';
import { flattenPaged } from './paged-bytes.js';

/** The rules a crash model loses work by. */
export type LossRuleName = 'directory-entry-never-synced' | 'data-never-synced';

/** What lost a commit. */
export interface LossRule {
  /** One rule, or both when the state lost work by each and the value was not found. */
  readonly rules: readonly LossRuleName[];
  /** The lost files the rule applied to (the one holding the value, when found). */
  readonly paths: readonly string[];
  /** One sentence for reports, e.g. "a directory entry never synced (appendonlydir/a.aof; strict POSIX)". */
  readonly description: string;
}

/** The largest file searched for a value: an unreachable file past it is not taken as the one holding the value. */
export const LOSS_RULE_SEARCH_BYTES_MAX = 64 * 1024 * 1024;
/** Paths a description names at most. */
const PATHS_NAMED_MAX = 3;

/** The value an oracle finding names, without the shortening it applies to long values ("...(N bytes)"). */
function searchableValue(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const shortened = /^([\s\S]*)\.\.\.\(\d+ bytes\)$/.exec(value);
  return shortened === null ? value : shortened[1];
}

function ruleOf(work: LostWork): LossRuleName {
  switch (work.rule) {
    case 'directory-entry':
      return 'directory-entry-never-synced';
    case 'data':
      return 'data-never-synced';
    default:
      return assertNever(work, 'lost work');
  }
}

/** The sentence a rule reads as. */
export function describeLossRuleName(rule: LossRuleName): string {
  switch (rule) {
    case 'directory-entry-never-synced':
      return 'a directory entry never synced';
    case 'data-never-synced':
      return 'data never synced';
    default:
      return assertNever(rule, 'loss rule');
  }
}

/** True when `work` lost `needle`: the unreachable file's live bytes hold it, or an unsynced write held it and the state's copy of the file does not. */
function lostTheValue(state: CrashState, work: LostWork, needle: Buffer): boolean {
  switch (work.rule) {
    case 'directory-entry':
      return work.live.sizeBytes <= LOSS_RULE_SEARCH_BYTES_MAX && Buffer.from(flattenPaged(work.live)).includes(needle);
    case 'data': {
      if (!work.unsyncedWrites.some((data) => Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(needle))) return false;
      const kept = state.files.get(work.path);
      return kept === undefined || kept.byteLength > LOSS_RULE_SEARCH_BYTES_MAX || !Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength).includes(needle);
    }
    default:
      return assertNever(work, 'lost work');
  }
}

/**
 * The rule that lost the commit `finding` is about in `state`, or undefined
 * when the state lost nothing of the live directory (the engine lost it by
 * itself: a process crash, or recovery discarding what survived).
 */
export function explainLoss(state: CrashState, finding: { readonly expectedValue?: string | null }): LossRule | undefined {
  const lost = state.lostWork ?? [];
  if (lost.length === 0) return undefined;
  const value = searchableValue(finding.expectedValue);
  const holding = value === undefined ? [] : lost.filter((work) => lostTheValue(state, work, Buffer.from(value)));
  const chosen = holding.length > 0 ? holding : lost;
  const rules = [...new Set(chosen.map(ruleOf))].sort();
  const paths = chosen.map((work) => work.path);
  const named = paths.slice(0, PATHS_NAMED_MAX).join(', ') + (paths.length > PATHS_NAMED_MAX ? `, and ${paths.length - PATHS_NAMED_MAX} more` : '');
  const model = describeMetadataModel(state.metadata ?? 'strict');
  return { rules, paths, description: `${rules.map(describeLossRuleName).join(' or ')} (${named}; ${model})` };
}
