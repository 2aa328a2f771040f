/**
 * Checking crash states, the same way in every mode: which states a boundary
 * gets (every selected model, plus the power-loss state that judges A1 when
 * acks happened right before it), the seed of each state, and recovering one
 * and handing it to the oracle.
 */
import { losesUnsyncedData, type CrashModel } from '../crash-state/crash-models.js';
import type { CrashState } from '../crash-state/crash-state.js';
import { A1_MODEL, checkBoundary, type BoundaryJudgement } from '../oracle/check-boundary.js';
import type { CommitHistory } from '../oracle/commit-history.js';
import type { OracleFinding, RecoveryResult } from '../oracle/oracle-types.js';
import { createRandom } from '../random/random.js';
import type { CrashStateRecoverer } from './recover-crash-state.js';

/** One crash state to build at a boundary, and what to judge in it. */
export interface PlannedState {
  readonly model: CrashModel;
  readonly judgement: BoundaryJudgement;
}

/** True when A1 applies to a run under `models`: one of them loses unsynced work. */
export function judgesA1(models: readonly CrashModel[]): boolean {
  return models.some(losesUnsyncedData);
}

/**
 * The states of one boundary: every selected model; and when acks happened
 * right before it, A1 applies and no selected model is the A1 model, a
 * power-loss state judged for A1 alone.
 */
export function statesAtBoundary(models: readonly CrashModel[], acksHere: boolean): PlannedState[] {
  const states = models.map((model): PlannedState => ({ model, judgement: 'every-property' }));
  if (acksHere && judgesA1(models) && !models.includes(A1_MODEL)) states.push({ model: A1_MODEL, judgement: 'a1-only' });
  return states;
}

/** What is judged in a state of `model` when `models` are selected: everything, or A1 alone in the extra A1 state. */
export function judgementOf(model: CrashModel, models: readonly CrashModel[]): BoundaryJudgement {
  return models.includes(model) ? 'every-property' : 'a1-only';
}

/** The seed of the state at `boundary` under `model`: independent of which other states are built. */
export function stateSeed(seed: number, boundary: number, model: CrashModel): number {
  return createRandom(seed).fork(`${boundary}/${model}`).nextUint32();
}

/** Options of `checkCrashState`. */
export interface CheckCrashStateOptions {
  /** Whether A1 applies (`judgesA1` of the selected models). */
  readonly judgeA1: boolean;
  /** @defaultValue 'every-property' */
  readonly judgement?: BoundaryJudgement;
}

/** Recovers one crash state and has the oracle judge it at its boundary. */
export async function checkCrashState(
  state: CrashState,
  history: CommitHistory,
  recover: CrashStateRecoverer,
  options: CheckCrashStateOptions,
): Promise<{ readonly findings: OracleFinding[]; readonly recovery: RecoveryResult }> {
  const recovery = await recover(state);
  const findings = checkBoundary({ model: state.model, boundary: state.operationIndex, judgeA1: options.judgeA1, ...(options.judgement === undefined ? {} : { judgement: options.judgement }) }, history, recovery);
  return { findings, recovery };
}
