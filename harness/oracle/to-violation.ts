/**
 * Turns an oracle finding into a reported `Violation`: the finding plus where it
 * happened (crash point, fault model, surviving writes, seed) and the command
 * that reproduces it.
 */
import type { TimelineEvent, Violation } from '../../reports/report-types.js';
import type { CrashState } from '../crash-state/crash-state.js';
import { explainLoss } from '../crash-state/loss-rule.js';
import type { PropertyName } from './property-names.js';
import type { OracleFinding } from './oracle-types.js';

/** The properties whose findings are about a commit the crash state lost: their violations say which rule lost it. */
const LOSS_PROPERTIES: readonly PropertyName[] = ['P1', 'P3', 'P4', 'A1'];

/** Where a crash state came from: enough to name it and to replay it. */
export interface CrashStateContext {
  readonly faultModel: string;
  readonly seed: number;
  readonly crashPoint: { readonly operationIndex: number; readonly description: string };
  /** The persistence mask (printable form) of the crash state, when the model drew one. */
  readonly mask?: string;
  readonly replay: string;
  readonly timeline?: readonly TimelineEvent[];
  /** The crash state itself: its metadata model and the rule that lost a commit go into the violation. */
  readonly state?: CrashState;
}

/** The reported form of `finding` in the crash state `context` describes. */
export function toViolation(finding: OracleFinding, context: CrashStateContext): Violation {
  const { state } = context;
  const lostBy = state === undefined || !LOSS_PROPERTIES.includes(finding.property) ? undefined : explainLoss(state, finding);
  const metadata = state?.metadata;
  return {
    property: finding.property,
    replay: context.replay,
    message: `${finding.message}${lostBy === undefined ? '' : `; lost by ${lostBy.description}`} [${context.faultModel}${metadata === undefined || metadata === 'strict' ? '' : `, ${metadata}`}, crash ${context.crashPoint.description}, seed ${context.seed}]`,
    faultModel: context.faultModel,
    seed: context.seed,
    crashPoint: context.crashPoint,
    ...(finding.tx === undefined ? {} : { tx: finding.tx }),
    ...(finding.key === undefined ? {} : { key: finding.key }),
    ...(finding.expectedValue === undefined ? {} : { expectedValue: finding.expectedValue }),
    ...(finding.actualValue === undefined ? {} : { actualValue: finding.actualValue }),
    ...(context.mask === undefined ? {} : { mask: context.mask }),
    ...(context.timeline === undefined ? {} : { timeline: context.timeline }),
    ...(metadata === undefined ? {} : { metadata }),
    ...(lostBy === undefined ? {} : { lostBy }),
  };
}
