/**
 * How much of its plan a scenario run covered. A verdict of "durable" means
 * "nothing found in what was checked", so when the time budget cut a run
 * short the report says how much was checked: "explored 412 of 530
 * boundaries", "shrinking stopped after 14 attempts". The coverage rides on
 * the scenario report as an extra `coverage` field (docs/reports.md welcomes more
 * fields); its `notes` are the sentences a renderer prints.
 */
import type { ScenarioReport } from '../../reports/report-types.js';
import { unfiredFaultNotes } from './fault-census.js';

/** What a scenario run covered and what its time budget cut short. */
export interface ScenarioCoverage {
  readonly timeBudgetMs: number;
  /** True when the budget stopped anything the run planned (runs, boundaries, cycles, shrinking). */
  readonly cutByTimeBudget: boolean;
  readonly runsPlanned: number;
  readonly runsDone: number;
  /** Explore mode: boundaries checked in the runs done, and those the budget skipped in them. */
  readonly boundariesExplored?: number;
  readonly boundariesSkipped?: number;
  /** Live mode: crash cycles planned and run. */
  readonly cyclesPlanned?: number;
  readonly cyclesRun?: number;
  /** Explore mode after a violation: workload shrink attempts, and whether the budget stopped them. */
  readonly shrinkAttempts?: number;
  readonly shrinkCutByTimeBudget?: boolean;
  /** Explore mode after a violation: candidate masks tried, and whether the budget stopped them. */
  readonly maskShrinkAttempts?: number;
  readonly maskShrinkCutByTimeBudget?: boolean;
  /** Failure kinds the scenario asked the shim to inject, and how many of each fired. */
  readonly faultsAsked?: readonly string[];
  readonly faultsInjected?: Readonly<Record<string, number>>;
  /** One sentence per thing cut short or not covered (a fault that never fired); empty when the run did all it planned. */
  readonly notes: readonly string[];
}

/** A scenario report with its coverage. */
export type CoveredScenarioReport = ScenarioReport & { readonly coverage: ScenarioCoverage };

/** The coverage of a report, when its runner recorded one. */
export function coverageOf(report: ScenarioReport): ScenarioCoverage | undefined {
  return (report as Partial<CoveredScenarioReport>).coverage;
}

/** "25 s" or "800 ms". */
function formatBudget(durationMs: number): string {
  return durationMs >= 1000 ? `${Math.round(durationMs / 100) / 10} s` : `${Math.round(durationMs)} ms`;
}

/** The coverage figures with their notes and overall flag filled in. */
export function describeCoverage(figures: Omit<ScenarioCoverage, 'notes' | 'cutByTimeBudget'>): ScenarioCoverage {
  const notes: string[] = [];
  const budget = formatBudget(figures.timeBudgetMs);
  const skipped = figures.boundariesSkipped ?? 0;
  const runsCut = figures.runsDone < figures.runsPlanned;
  const cyclesCut = figures.cyclesPlanned !== undefined && (figures.cyclesRun ?? 0) < figures.cyclesPlanned;
  if (runsCut || skipped > 0 || cyclesCut) {
    const parts = [`${figures.runsDone} of ${figures.runsPlanned} runs`];
    if (figures.boundariesExplored !== undefined) parts.push(`explored ${figures.boundariesExplored} of ${figures.boundariesExplored + skipped} boundaries of their traces`);
    if (figures.cyclesPlanned !== undefined) parts.push(`${figures.cyclesRun ?? 0} of ${figures.cyclesPlanned} crash cycles`);
    notes.push(`the time budget (${budget}) cut the run short: ${parts.join(', ')}`);
  }
  if (figures.shrinkCutByTimeBudget === true) {
    notes.push(`the time budget (${budget}) stopped shrinking the workload after ${figures.shrinkAttempts ?? 0} attempts: the counterexample may not be minimal`);
  }
  if (figures.maskShrinkCutByTimeBudget === true) {
    notes.push(`the time budget (${budget}) stopped shrinking the surviving writes after ${figures.maskShrinkAttempts ?? 0} candidates: the mask may not be minimal`);
  }
  const cutByTimeBudget = notes.length > 0;
  notes.push(...unfiredFaultNotes(figures.faultsAsked ?? [], figures.faultsInjected ?? {}, figures.runsDone));
  return { ...figures, cutByTimeBudget, notes };
}
