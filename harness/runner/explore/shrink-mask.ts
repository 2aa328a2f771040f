/**
 * Shrinking the surviving writes of a violating crash state: greedily drop
 * surviving units while the same property still fails at the same boundary
 * under the same model. Each candidate is one recovery (a child process for an
 * engine outside this process), so the search is bounded both in candidates
 * and by the scenario's deadline.
 */
import { shrinkPersistenceMask } from '../../crash-state/persistence-mask-arbitrary.js';
import type { PersistenceMask } from '../../crash-state/persistence-mask.js';
import type { OracleFinding } from '../../oracle/oracle-types.js';
import { checkCrashState, judgementOf, judgesA1 } from '../../core/check-crash-state.js';
import { buildStateAt, type BoundaryFinding } from './explore-trace.js';
import type { WorkloadExploration } from './explore-workload.js';
import type { CrashStateRecoverer } from '../../core/recover-crash-state.js';
import { isPast } from '../../core/scenario-time-budget.js';
import type { CrashState } from '../../crash-state/crash-state.js';
import { formatPersistenceMask } from '../../crash-state/persistence-mask-format.js';
import type { RecoveryResult } from '../../oracle/oracle-types.js';
import type { ExploreRecoverer } from './explore-recoverer.js';

/** Mask shrinking stops after this many candidate states. */
export const MASK_SHRINK_ATTEMPTS_MAX = 200;

/** The smallest failing mask found, and how the search ended. */
export interface ShrunkMask {
  readonly mask: PersistenceMask;
  readonly finding: OracleFinding;
  readonly attempts: number;
  /** True when the deadline stopped the search before it ran out of candidates or attempts. */
  readonly cutByDeadline: boolean;
}

/** Greedily drops surviving units while the same property still fails at the same boundary, until `deadlineMs` (`performance.now()`). */
export async function shrinkMask(exploration: WorkloadExploration, found: BoundaryFinding, recover: CrashStateRecoverer, deadlineMs?: number): Promise<ShrunkMask> {
  const { models } = exploration;
  const judging = { judgeA1: judgesA1(models), judgement: judgementOf(found.model, models) };
  let best = { mask: found.state.mask, finding: found.finding };
  let attempts = 0;
  let improved = true;
  while (improved && attempts < MASK_SHRINK_ATTEMPTS_MAX) {
    improved = false;
    for (const candidate of shrinkPersistenceMask(best.mask)) {
      if (isPast(deadlineMs)) return { ...best, attempts, cutByDeadline: true };
      if (++attempts > MASK_SHRINK_ATTEMPTS_MAX) break;
      const rebuilt = buildStateAt(exploration.run.records, found.boundary, found.model, found.state.seed, candidate, { metadata: found.state.metadata ?? 'strict' });
      if (rebuilt === undefined) break;
      const { findings } = await checkCrashState(rebuilt, exploration.history, recover, judging);
      const same = findings.find((finding) => finding.property === found.finding.property);
      if (same !== undefined) {
        best = { mask: candidate, finding: same };
        improved = true;
        break;
      }
    }
  }
  return { ...best, attempts: Math.min(attempts, MASK_SHRINK_ATTEMPTS_MAX), cutByDeadline: false };
}

/**
 * `shrinkMask` through a recoverer whose answers may need confirming (an
 * engine recovered through `reopen`): the state of the mask it settles on is
 * checked the way the violations of the search were, before it is reported.
 */
export async function shrinkConfirmed(exploration: WorkloadExploration, found: BoundaryFinding, recoverer: Pick<ExploreRecoverer, 'recover' | 'confirm'>, deadlineMs?: number): Promise<ShrunkMask> {
  const recovered = new Map<string, { readonly state: CrashState; readonly result: RecoveryResult }>();
  const shrunk = await shrinkMask(
    exploration,
    found,
    async (state) => {
      const result = await recoverer.recover(state);
      recovered.set(formatPersistenceMask(state.mask), { state, result });
      return result;
    },
    deadlineMs,
  );
  const accepted = recovered.get(formatPersistenceMask(shrunk.mask));
  if (accepted !== undefined) await recoverer.confirm(accepted.state, accepted.result);
  return shrunk;
}
