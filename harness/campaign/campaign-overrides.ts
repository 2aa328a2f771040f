/**
 * Command-line overrides of scenarios: `--engine`, `--fault` (crash models and
 * injected faults), `--clients`. Parsing errors are `UsageError`s naming the bad
 * value (exit 2).
 */
import type { ShimChoice } from '../native/choose-shim.js';
import { UsageError } from '../cli/exit-codes.js';
import { CRASH_MODELS, isCrashModel, type CrashModel } from '../crash-state/crash-models.js';
import type { EngineLaunch } from '../engine-client/engine-launch.js';
import type { Scenario } from '../runner/scenario.js';
import type { InjectedFault } from '../shim/shim-config.js';

/** Names `--fault` accepts besides the crash models. */
export const INJECTED_FAULT_NAMES = ['eio-fsync', 'eio-write', 'enospc', 'latency:<ms>'] as const;
/** The largest `latency:<ms>` accepted. */
export const LATENCY_MS_MAX = 10_000;

/** What `--fault` values select. */
export interface FaultSelection {
  readonly models: readonly CrashModel[];
  readonly faults: readonly InjectedFault[];
}

/** Parses the `--fault` values; none given means no override. */
export function parseFaultOptions(values: readonly string[]): FaultSelection | undefined {
  if (values.length === 0) return undefined;
  const models: CrashModel[] = [];
  const faults: InjectedFault[] = [];
  for (const value of values) {
    if (isCrashModel(value)) models.push(value);
    else if (value === 'eio-fsync') faults.push({ kind: 'eio-sync', target: { operations: ['sync'], probability: 0.05 } });
    else if (value === 'eio-write') faults.push({ kind: 'eio-write', target: { operations: ['write'], probability: 0.02 } });
    else if (value === 'enospc') faults.push({ kind: 'enospc', target: { operations: ['write'], probability: 0.02 } });
    else if (/^latency:\d+$/.test(value)) {
      const meanMs = Number(value.slice('latency:'.length));
      if (meanMs > LATENCY_MS_MAX) throw new UsageError(`--fault ${value}: latency must be at most ${LATENCY_MS_MAX} ms`);
      faults.push({ kind: 'latency', meanMs, distribution: 'exponential', capMs: meanMs * 10, target: {} });
    } else {
      throw new UsageError(`--fault: unknown fault '${value}' (crash models: ${CRASH_MODELS.join(', ')}; injected: ${INJECTED_FAULT_NAMES.join(', ')})`);
    }
  }
  return { models, faults };
}

/** Overrides from the command line. */
export interface ScenarioOverrides {
  readonly engineCommand?: string;
  readonly faults?: FaultSelection;
  readonly clients?: number;
  /** `--shim`: which shim traces a command engine. */
  readonly shim?: ShimChoice;
}

/** The scenario with the overrides applied (models only when some were named; every model when only injected faults were). */
export function applyOverrides(scenario: Scenario, overrides: ScenarioOverrides): Scenario {
  const chosen: EngineLaunch = overrides.engineCommand === undefined ? scenario.engine : { kind: 'command', command: overrides.engineCommand };
  const engine: EngineLaunch = overrides.shim !== undefined && chosen.kind === 'command' ? { ...chosen, shim: overrides.shim } : chosen;
  const selection = overrides.faults;
  const models = selection === undefined ? scenario.models : selection.models.length > 0 ? selection.models : CRASH_MODELS;
  const faults = selection === undefined ? scenario.faults : selection.faults;
  return {
    ...scenario,
    engine,
    models,
    ...(faults === undefined ? {} : { faults }),
    workload: overrides.clients === undefined ? scenario.workload : { ...scenario.workload, clients: overrides.clients },
  };
}
