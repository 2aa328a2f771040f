/**
 * The oracle's one entry point for a crash state: every property, A1
 * included, judged against the history as the crash at that boundary saw it.
 *
 * A1 (acknowledged before durable) is judged on the state that keeps no
 * unsynced work (`A1_MODEL`) at a boundary right after acks: an acknowledged
 * commit lost there had been acknowledged while its bytes were not yet
 * durable, whether or not a real crash happened to lose it. It applies only
 * when the campaign asked about a model that loses unsynced work: a process
 * crash alone never loses what was written, so acking before fsync is no
 * fault under it.
 */
import { historyAtBoundary, type CommitHistory } from './commit-history.js';
import { checkRecoveredState } from './check-recovered-state.js';
import type { OracleFinding, RecoveryResult } from './oracle-types.js';

/** The crash-state model A1 is judged under: unsynced work is all lost. */
export const A1_MODEL = 'power-loss';

/** What is judged in a crash state. */
export type BoundaryJudgement =
  /** A state of a selected model: P1-P4, and A1 when `judgeA1` and the model is `A1_MODEL`. */
  | 'every-property'
  /** A power-loss state built only to judge acks (no selected model is power-loss): A1 alone. */
  | 'a1-only';

/** The crash state being judged, as the oracle needs it. */
export interface JudgedState {
  /** The crash-state model the state was built with (`bitrot` has a weaker promise). */
  readonly model: string;
  /** The boundary the crash happened at (the trace clock). */
  readonly boundary: number;
  /** Whether A1 applies at all: some selected model loses unsynced work. */
  readonly judgeA1: boolean;
  /** @defaultValue 'every-property' */
  readonly judgement?: BoundaryJudgement;
}

/** Checks what recovery made of the crash state at a boundary; an empty result means it is correct. */
export function checkBoundary(state: JudgedState, history: CommitHistory, recovery: RecoveryResult): OracleFinding[] {
  const findings = checkRecoveredState(historyAtBoundary(history, state.boundary), recovery, { faultModel: state.model });
  const judgement = state.judgement ?? 'every-property';
  const acknowledgedBeforeDurable = state.judgeA1 && state.model === A1_MODEL ? a1Findings(findings, history, state.boundary) : [];
  return judgement === 'a1-only' ? acknowledgedBeforeDurable : [...findings, ...acknowledgedBeforeDurable];
}

/** The P1 findings about commits acknowledged right at `boundary`, restated as A1. */
function a1Findings(findings: readonly OracleFinding[], history: CommitHistory, boundary: number): OracleFinding[] {
  const ackedHere = new Set(history.commits.filter((commit) => commit.status === 'acknowledged' && commit.acknowledgedAt === boundary).map((commit) => commit.tx));
  if (ackedHere.size === 0) return [];
  return findings
    .filter((finding) => finding.property === 'P1' && finding.tx !== undefined && ackedHere.has(finding.tx))
    .map((finding): OracleFinding => ({ ...finding, property: 'A1', message: `${finding.message}; it was acknowledged before it was durable` }));
}
