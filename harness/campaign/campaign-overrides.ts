/**
 * Command-line overrides of scenarios: `--engine`, `--fault` (crash models and
 * injected faults, combined with a scenario's own by the core's one rule,
 * `core/fault-selection.ts`), `--clients`, `--metadata`, `--segment-size`. Errors are `UsageError`s naming the
 * bad value (exit 2).
 */
import type { ShimChoice } from '../native/choose-shim.js';
import { UsageError } from '../cli/exit-codes.js';
import { engineLabel, type EngineLaunch } from '../engine-client/engine-launch.js';
import { applyFaultSelection, FaultSelectionError, parseFaultNames, runsByDefault, type FaultSelection } from '../core/fault-selection.js';
import type { Scenario } from '../core/scenario.js';
import { isMetadataSelection, METADATA_SELECTIONS, metadataModelsOf, type MetadataModel } from '../crash-state/metadata-models.js';

export { INJECTED_FAULT_NAMES, LATENCY_MS_MAX, type FaultSelection } from '../core/fault-selection.js';

/** Runs `select`, turning a fault selection error into a usage error (exit 2). */
function asUsage<T>(select: () => T): T {
  try {
    return select();
  } catch (error) {
    if (error instanceof FaultSelectionError) throw new UsageError(error.message);
    throw error;
  }
}

/** Parses the `--fault` values; none given means no override. */
export function parseFaultOptions(values: readonly string[]): FaultSelection | undefined {
  return asUsage(() => parseFaultNames(values));
}

/** Overrides from the command line. */
export interface ScenarioOverrides {
  readonly engineCommand?: string;
  readonly faults?: FaultSelection;
  readonly clients?: number;
  /** `--shim`: which shim traces a command engine. */
  readonly shim?: ShimChoice;
  /** `--metadata`: the metadata models every crash state is checked under. */
  readonly metadata?: readonly MetadataModel[];
  /** `--segment-size`: the reference engine's WAL segment size. */
  readonly segmentSizeBytes?: number;
}

/** The engine with `--segment-size` applied: the reference engine's segments; any other engine refuses it. */
function withSegmentSize(scenario: Scenario, engine: EngineLaunch, sizeBytes: number | undefined): EngineLaunch {
  if (sizeBytes === undefined) return engine;
  if (engine.kind !== 'reference') throw new UsageError(`--segment-size sets the reference engine's WAL segments; scenario '${scenario.name}' runs ${engineLabel(engine)}`);
  return { ...engine, options: { ...engine.options, segmentSizeBytes: sizeBytes } };
}

/** Parses `--metadata strict|ext4-ordered|both`; absent means each scenario's own (strict by default). */
export function parseMetadataOption(value: string | undefined): readonly MetadataModel[] | undefined {
  if (value === undefined) return undefined;
  if (!isMetadataSelection(value)) throw new UsageError(`--metadata must be one of ${METADATA_SELECTIONS.join(', ')}, got '${value}'`);
  return metadataModelsOf(value);
}

/** The scenario with the overrides applied. */
export function applyOverrides(scenario: Scenario, overrides: ScenarioOverrides): Scenario {
  const chosen: EngineLaunch = overrides.engineCommand === undefined ? scenario.engine : { kind: 'command', command: overrides.engineCommand, cwd: process.cwd() };
  const shimmed: EngineLaunch = overrides.shim !== undefined && chosen.kind === 'command' ? { ...chosen, shim: overrides.shim } : chosen;
  const engine = withSegmentSize(scenario, shimmed, overrides.segmentSizeBytes);
  const selected = asUsage(() => applyFaultSelection(scenario, overrides.faults));
  return {
    ...selected,
    engine,
    workload: overrides.clients === undefined ? scenario.workload : { ...scenario.workload, clients: overrides.clients },
    ...(overrides.metadata === undefined ? {} : { metadata: overrides.metadata }),
  };
}

/** The scenarios a campaign runs: those named with `--scenario`, or the defaults narrowed to the `--fault` models; overrides applied. */
export function selectScenarios(named: readonly Scenario[] | undefined, defaults: readonly Scenario[], overrides: ScenarioOverrides): Scenario[] {
  const chosen = named ?? defaults.filter((scenario) => runsByDefault(scenario, overrides.faults));
  return chosen.map((scenario) => applyOverrides(scenario, overrides));
}
