/**
 * Turns an oracle finding into a reported `Violation`: the finding plus where it
 * happened (crash point, fault model, surviving writes, seed) and the command
 * that reproduces it.
 */
import type { TimelineEvent, Violation } from '../../reports/report-types.js';
import type { OracleFinding } from './oracle-types.js';

/** Where a crash state came from: enough to name it and to replay it. */
export interface CrashStateContext {
  readonly faultModel: string;
  readonly seed: number;
  readonly crashPoint: { readonly operationIndex: number; readonly description: string };
  /** The persistence mask (printable form) of the crash state, when the model drew one. */
  readonly mask?: string;
  readonly replay: string;
  readonly timeline?: readonly TimelineEvent[];
}

/** The reported form of `finding` in the crash state `context` describes. */
export function toViolation(finding: OracleFinding, context: CrashStateContext): Violation {
  return {
    property: finding.property,
    replay: context.replay,
    message: `${finding.message} [${context.faultModel}, crash ${context.crashPoint.description}, seed ${context.seed}]`,
    faultModel: context.faultModel,
    seed: context.seed,
    crashPoint: context.crashPoint,
    ...(finding.tx === undefined ? {} : { tx: finding.tx }),
    ...(finding.key === undefined ? {} : { key: finding.key }),
    ...(finding.expectedValue === undefined ? {} : { expectedValue: finding.expectedValue }),
    ...(finding.actualValue === undefined ? {} : { actualValue: finding.actualValue }),
    ...(context.mask === undefined ? {} : { mask: context.mask }),
    ...(context.timeline === undefined ? {} : { timeline: context.timeline }),
  };
}
