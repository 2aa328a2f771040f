/**
 * Where a campaign's time went, so a user sees why it is slow: tracing the
 * workload, building crash states, recovering them, checking the recovered
 * contents. Each phase is the sum of its spans; with `--jobs` above one the
 * recoveries overlap, so `recoveringMs` can exceed the wall-clock time (it is
 * busy time, as `user` time in `time(1)`).
 */

/** The phases a campaign's time is split into. */
export const BUDGET_PHASES = Object.freeze(['tracing', 'building', 'recovering', 'checking'] as const);

/** One phase. */
export type BudgetPhase = (typeof BUDGET_PHASES)[number];

/** The `budget` object of a report (milliseconds, rounded to 0.1 ms). */
export interface BudgetReport {
  readonly tracingMs: number;
  readonly buildingMs: number;
  readonly recoveringMs: number;
  readonly checkingMs: number;
  /** Distinct crash states recovered (the others reused an equal state's recovery). */
  readonly distinctStatesRecovered: number;
  /** Crash states checked by the oracle (boundaries times models). */
  readonly statesChecked: number;
  /** The concurrent recoveries allowed. */
  readonly jobs: number;
}

/** Accumulates time per phase; cheap enough to call around every crash state. */
export class BudgetAccumulator {
  private readonly spentMs: Record<BudgetPhase, number> = { tracing: 0, building: 0, recovering: 0, checking: 0 };
  private distinct = 0;
  private checked = 0;

  constructor(private readonly jobs: number = 1) {}

  /** Runs `work` and adds its duration to `phase`. */
  time<T>(phase: BudgetPhase, work: () => T): T {
    const startedMs = performance.now();
    try {
      return work();
    } finally {
      this.spentMs[phase] += performance.now() - startedMs;
    }
  }

  /** Awaits `work` and adds its duration to `phase`. */
  async timeAsync<T>(phase: BudgetPhase, work: () => Promise<T>): Promise<T> {
    const startedMs = performance.now();
    try {
      return await work();
    } finally {
      this.spentMs[phase] += performance.now() - startedMs;
    }
  }

  /** Counts crash states: checked by the oracle, and recovered by the engine (first of their contents). */
  countStates(checked: number, distinctRecovered: number): void {
    this.checked += checked;
    this.distinct += distinctRecovered;
  }

  /** Adds another accumulator's totals (a scenario's into the campaign's). */
  addReport(report: BudgetReport): void {
    this.spentMs.tracing += report.tracingMs;
    this.spentMs.building += report.buildingMs;
    this.spentMs.recovering += report.recoveringMs;
    this.spentMs.checking += report.checkingMs;
    this.countStates(report.statesChecked, report.distinctStatesRecovered);
  }

  /** The totals so far. */
  report(): BudgetReport {
    const round = (ms: number): number => Math.round(ms * 10) / 10;
    return {
      tracingMs: round(this.spentMs.tracing),
      buildingMs: round(this.spentMs.building),
      recoveringMs: round(this.spentMs.recovering),
      checkingMs: round(this.spentMs.checking),
      distinctStatesRecovered: this.distinct,
      statesChecked: this.checked,
      jobs: this.jobs,
    };
  }
}

/** The terminal line: `budget: tracing 1.2 s · building 0.1 s · recovering 20.3 s (2 jobs) · checking 0.2 s · 310 of 1,204 states recovered`. */
export function formatBudgetLine(report: BudgetReport): string {
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const count = (value: number): string => value.toLocaleString('en-US');
  const jobs = report.jobs === 1 ? '1 job' : `${report.jobs} jobs`;
  return [
    `budget: tracing ${seconds(report.tracingMs)}`,
    `building ${seconds(report.buildingMs)}`,
    `recovering ${seconds(report.recoveringMs)} (${jobs})`,
    `checking ${seconds(report.checkingMs)}`,
    `${count(report.distinctStatesRecovered)} of ${count(report.statesChecked)} states recovered`,
  ].join(' · ');
}
