/**
 * What `--fault` selects, and the one rule that combines it with a scenario's
 * own models and faults (every mode applies it through here):
 *
 * | `--fault` names            | a scenario's crash models                      | its injected faults     |
 * | -------------------------- | ---------------------------------------------- | ----------------------- |
 * | nothing                    | its own                                        | its own                 |
 * | only injected faults       | its own                                        | its own + the named ones |
 * | crash models               | the named ones (replace its own, live too)     | its own + the named ones |
 *
 * A scenario named after a model (`baseline-power-loss`, ...) checks that
 * model and no other: named models narrow it to itself, and naming only other
 * models is a conflict. Without `--scenario`, the default campaign keeps the
 * model baselines of the named models and drops the others (the live
 * baseline runs under the named models). A1 (acknowledged before durable) is
 * judged exactly when a selected model loses unsynced work (`judgesA1`).
 *
 * Each injected fault has one spelling, the same here, in scenario files, in
 * the shim's config and in the trace's fault records.
 */
import { CRASH_MODELS, isCrashModel, type CrashModel } from '../crash-state/crash-models.js';
import type { InjectedFault } from '../shim/shim-config.js';
import type { Scenario } from './scenario.js';

/** Names `--fault` accepts besides the crash models. */
export const INJECTED_FAULT_NAMES = Object.freeze(['eio-fsync', 'eio-write', 'enospc', 'latency:<ms>'] as const);
/** The largest `latency:<ms>` accepted. */
export const LATENCY_MS_MAX = 10_000;
/** The chance each matching operation fails when a fault is named on the command line (seeded per run). */
export const COMMAND_LINE_FAULT_PROBABILITY = Object.freeze({ 'eio-fsync': 0.05, 'eio-write': 0.02, enospc: 0.02 });

/** What `--fault` values select. */
export interface FaultSelection {
  readonly models: readonly CrashModel[];
  readonly faults: readonly InjectedFault[];
}

/** A `--fault` value or combination that cannot be used; the message names it. */
export class FaultSelectionError extends Error {
  override readonly name = 'FaultSelectionError';
  constructor(
    readonly code: 'UNKNOWN_FAULT' | 'LATENCY_TOO_LONG' | 'MODEL_CONFLICT',
    message: string,
  ) {
    super(message);
  }
}

/** The injected fault a `--fault` name stands for, or undefined when it names none. */
function injectedFaultNamed(name: string): InjectedFault | undefined {
  switch (name) {
    case 'eio-fsync':
      return { kind: 'eio-fsync', target: { operations: ['sync'], probability: COMMAND_LINE_FAULT_PROBABILITY['eio-fsync'] } };
    case 'eio-write':
      return { kind: 'eio-write', target: { operations: ['write'], probability: COMMAND_LINE_FAULT_PROBABILITY['eio-write'] } };
    case 'enospc':
      return { kind: 'enospc', target: { operations: ['write'], probability: COMMAND_LINE_FAULT_PROBABILITY.enospc } };
    default:
      break;
  }
  if (!/^latency:\d{1,9}$/.test(name)) return undefined;
  const meanMs = Number(name.slice('latency:'.length));
  if (meanMs > LATENCY_MS_MAX) throw new FaultSelectionError('LATENCY_TOO_LONG', `--fault ${name}: latency must be at most ${LATENCY_MS_MAX} ms`);
  return { kind: 'latency', meanMs, distribution: 'exponential', capMs: meanMs * 10, target: {} };
}

/** Parses the `--fault` values; none given means no selection. */
export function parseFaultNames(values: readonly string[]): FaultSelection | undefined {
  if (values.length === 0) return undefined;
  const models: CrashModel[] = [];
  const faults: InjectedFault[] = [];
  for (const value of values) {
    if (isCrashModel(value)) {
      if (!models.includes(value)) models.push(value);
      continue;
    }
    const fault = injectedFaultNamed(value);
    if (fault === undefined) throw new FaultSelectionError('UNKNOWN_FAULT', `--fault: unknown fault '${value}' (crash models: ${CRASH_MODELS.join(', ')}; injected: ${INJECTED_FAULT_NAMES.join(', ')})`);
    faults.push(fault);
  }
  return { models, faults };
}

/** The model a scenario is named after (`baseline-<model>`), which it checks and no other. */
export function modelNamedBy(scenario: Scenario): CrashModel | undefined {
  return CRASH_MODELS.find((model) => scenario.name === `baseline-${model}`);
}

/** The scenario under the selection (the table above); a model-named scenario asked to check only other models is a `FaultSelectionError`. */
export function applyFaultSelection(scenario: Scenario, selection: FaultSelection | undefined): Scenario {
  if (selection === undefined) return scenario;
  const faults = [...(scenario.faults ?? []), ...selection.faults];
  let models = scenario.models;
  if (selection.models.length > 0) {
    const named = modelNamedBy(scenario);
    models = named === undefined ? selection.models : selection.models.filter((model) => model === named);
    if (models.length === 0) {
      throw new FaultSelectionError('MODEL_CONFLICT', `scenario '${scenario.name}' checks the ${named} model only; --fault ${selection.models.join(', ')} names other models (leave out --scenario to run the baselines of the named models)`);
    }
  }
  return { ...scenario, models, ...(faults.length === 0 ? {} : { faults }) };
}

/**
 * Whether a default scenario runs under the selection: a model baseline only
 * when its model is named (or no model is), every other default always.
 */
export function runsByDefault(scenario: Scenario, selection: FaultSelection | undefined): boolean {
  const named = modelNamedBy(scenario);
  return named === undefined || selection === undefined || selection.models.length === 0 || selection.models.includes(named);
}
