/**
 * The data of a campaign report: what `unplug crash`, `unplug explore` and
 * `unplug replay` print with `--json` and write to `report.json`, and what
 * every renderer (terminal, JUnit XML, HTML) reads. The field names marked
 * "fixed" are a contract (docs/reports.md); more fields are welcome.
 */

import type { PropertyName, ScenarioVerdict } from '../harness/oracle/property-names.js';
import type { BudgetReport } from '../harness/recovery-pool/budget-report.js';
import type { LossRule } from '../harness/crash-state/loss-rule.js';
import type { MetadataModel } from '../harness/crash-state/metadata-models.js';

// The oracle owns its property names; reports read them from below.
export { PROPERTY_NAMES, type PropertyName, type ScenarioVerdict } from '../harness/oracle/property-names.js';

/** One step of the timeline of a violating run, for the HTML report. */
export interface TimelineEvent {
  /** The trace record index (file-system operations and outputs, in order). */
  readonly index: number;
  readonly kind: 'create' | 'open' | 'write' | 'truncate' | 'sync' | 'sync-directory' | 'rename' | 'remove' | 'mkdir' | 'ack' | 'output' | 'fault' | 'crash';
  readonly path?: string;
  /** A short human description, e.g. "4096 bytes at 8192" or "tx 17 at 0/1A2B". */
  readonly detail: string;
  /** For writes and directory operations: whether the crash state kept it; for a cluster's acks: whether the promoted replica holds the commit. */
  readonly survived?: boolean;
  /** In a cluster timeline, the machine whose lane the event is drawn on (its `index` is then the run's logical clock). */
  readonly machine?: TimelineMachine;
}

/** The machines of a cluster timeline, one lane each, in drawing order. */
export const TIMELINE_MACHINES = Object.freeze(['primary', 'replica'] as const);
/** A machine of a cluster timeline. */
export type TimelineMachine = (typeof TIMELINE_MACHINES)[number];

/** One violation of a property in one crash state. */
export interface Violation {
  /** fixed */
  readonly property: PropertyName;
  /** fixed: a one-line command that reproduces this violation exactly. */
  readonly replay: string;
  readonly message: string;
  readonly faultModel: string;
  readonly seed: number;
  /** The operation index the crash state was cut at (or the kill time for a live kill). */
  readonly crashPoint: { readonly operationIndex: number; readonly description: string };
  /** The transaction the violation is about (lost, torn or phantom), when there is one. */
  readonly tx?: number;
  /** The key and values involved, when there are. */
  readonly key?: string;
  readonly expectedValue?: string | null;
  readonly actualValue?: string | null;
  /** The persistence mask of the crash state, printable and replayable. */
  readonly mask?: string;
  readonly timeline?: readonly TimelineEvent[];
  /** When directory operations became durable in the crash state (`strict` POSIX or `ext4-ordered`). */
  readonly metadata?: MetadataModel;
  /** Which rule of the crash model lost the commit (a directory entry or data never synced), when the state lost work. */
  readonly lostBy?: LossRule;
}

/** What a scenario run left out because its time budget ran out (the runner records more figures). */
export interface ScenarioCoverageSummary {
  readonly cutByTimeBudget: boolean;
  /** One sentence per thing the budget cut short or the run did not cover (a fault that never fired); empty when the run did all it planned. */
  readonly notes: readonly string[];
}

/** The result of one scenario. */
export interface ScenarioReport {
  /** fixed */
  readonly name: string;
  readonly description: string;
  /** fixed */
  readonly expected: ScenarioVerdict;
  /** fixed */
  readonly verdict: ScenarioVerdict;
  /** For scenarios expected to violate: the properties that should catch the defect. */
  readonly expectedProperties?: readonly PropertyName[];
  /** fixed (a bounded sample: the first violations per property) */
  readonly violations: readonly Violation[];
  readonly violationCount: number;
  readonly counts: CampaignCounts;
  readonly durationMs: number;
  readonly replay: string;
  /** What the time budget cut short, when the runner recorded it. */
  readonly coverage?: ScenarioCoverageSummary;
  /** Faults the shim injected in this scenario's runs, by kind (`eio-fsync`, `eio-write`, `enospc`, `short-write`). */
  readonly faultsInjected?: Readonly<Record<string, number>>;
  /** With `--budget-report`: how the scenario's time went. */
  readonly budget?: BudgetReport;
  /** With `--metadata both` (or ext4-ordered): the verdict under each metadata model and one sentence comparing them. */
  readonly metadata?: MetadataVerdicts;
}

/** A scenario's verdict under each metadata model it was checked under. */
export interface MetadataVerdicts {
  readonly verdicts: Readonly<Partial<Record<MetadataModel, ScenarioVerdict>>>;
  /** E.g. "lost under strict POSIX, durable on ext4-ordered". */
  readonly summary: string;
}

/** fixed: what a campaign did. */
export interface CampaignCounts {
  readonly runs: number;
  readonly crashes: number;
  readonly crashStates: number;
  readonly commitsAcked: number;
  /** Explore: the operation boundaries checked (each under every selected model). */
  readonly boundariesChecked?: number;
  /** Explore: the crash states the engine recovered; the others had the contents of one recovered before. */
  readonly distinctStatesRecovered?: number;
}

/** fixed: the campaign report document. */
export interface CampaignReport {
  readonly tool: 'unplug';
  readonly command: 'crash' | 'explore' | 'replay';
  readonly seed: number;
  /** 'pass' when every scenario's verdict is its expected one. */
  readonly verdict: 'pass' | 'fail';
  readonly scenarios: readonly ScenarioReport[];
  readonly counts: CampaignCounts;
  readonly rates: { readonly crashesPerSecond: number; readonly crashStatesPerSecond: number };
  readonly durationMs: number;
  /** The engine command under test, or 'reference'. */
  readonly engine: string;
  /** A one-line command that reruns the whole campaign. */
  readonly replay: string;
  /** With `--budget-report`: how the campaign's time went (the scenarios' budgets summed). */
  readonly budget?: BudgetReport;
  /** `i/n` when the campaign was one shard of a larger one. */
  readonly shard?: string;
}
