/**
 * The report of one scenario run, built the same way by the live and explore
 * runners: the verdict follows from whether any violation was found, the
 * replay line reruns the scenario with the same seed and flags, and the
 * coverage says what the time budget cut short.
 */
import type { CampaignCounts, ScenarioReport } from '../../reports/report-types.js';
import { formatCommandLine } from './replay-target.js';
import type { Scenario } from './scenario.js';
import type { CoveredScenarioReport, ScenarioCoverage } from './scenario-coverage.js';
import type { ScenarioRunOptions } from './scenario-run-types.js';
import type { ViolationSample } from './violation-sample.js';
import type { BudgetReport } from '../recovery-pool/budget-report.js';

/** What a runner gathered while it ran a scenario. */
export interface ScenarioRunOutcome {
  /** The command that reruns the scenario: `crash` for live runs, `explore` for explore runs. */
  readonly command: 'crash' | 'explore';
  readonly sample: ViolationSample;
  readonly counts: CampaignCounts;
  /** `performance.now()` when the run started. */
  readonly startedMs: number;
  /** What the run covered of its plan, and what its time budget cut short. */
  readonly coverage: ScenarioCoverage;
  /** Faults injected in the run, by kind. */
  readonly faultsInjected: Readonly<Record<string, number>>;
  /** Where the time went, when `--budget-report` asked. */
  readonly budget?: BudgetReport;
}

/** The `ScenarioReport` of a finished scenario run. */
export function buildScenarioReport(scenario: Scenario, options: ScenarioRunOptions, outcome: ScenarioRunOutcome): CoveredScenarioReport {
  const { sample } = outcome;
  const metadata = sample.metadataVerdicts(scenario.metadata);
  return {
    name: scenario.name,
    description: scenario.description,
    expected: scenario.expected,
    verdict: sample.count > 0 ? 'violation' : 'durable',
    ...(scenario.expectedProperties === undefined ? {} : { expectedProperties: scenario.expectedProperties }),
    violations: sample.violations,
    violationCount: sample.count,
    counts: { ...outcome.counts },
    durationMs: Math.round(performance.now() - outcome.startedMs),
    replay: formatCommandLine(outcome.command, [['scenario', scenario.name], ['seed', options.seed], ...(options.replayFlags ?? [])]),
    coverage: outcome.coverage,
    faultsInjected: outcome.faultsInjected,
    ...(outcome.budget === undefined ? {} : { budget: outcome.budget }),
    ...(metadata === undefined ? {} : { metadata }),
  };
}
