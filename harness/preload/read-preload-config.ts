/**
 * Reads the preload shim's configuration from the environment (`UNPLUG_SHIM`,
 * a JSON `ShimConfig`). Field values are checked further where they are used
 * (the fault decider, the crash point); this checks the shape.
 */
import { ShimConfigError } from '../shim/shim-config-error.js';
import { SHIM_CONFIG_ENVIRONMENT_VARIABLE, type ShimConfig } from '../shim/shim-config.js';

/** The longest `UNPLUG_SHIM` value accepted. */
export const MAX_SHIM_CONFIG_CHARACTERS = 1024 * 1024;

/** The config in `environment`, or undefined when the variable is unset or empty (the shim then does nothing). */
export function readPreloadConfig(environment: NodeJS.ProcessEnv): ShimConfig | undefined {
  const text = environment[SHIM_CONFIG_ENVIRONMENT_VARIABLE];
  if (text === undefined || text === '') return undefined;
  if (text.length > MAX_SHIM_CONFIG_CHARACTERS) throw new ShimConfigError(`${SHIM_CONFIG_ENVIRONMENT_VARIABLE} is longer than ${MAX_SHIM_CONFIG_CHARACTERS} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ShimConfigError(`${SHIM_CONFIG_ENVIRONMENT_VARIABLE} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new ShimConfigError(`${SHIM_CONFIG_ENVIRONMENT_VARIABLE} is not a JSON object`);
  const config = checkPreloadConfigShape(parsed);
  const controlFd = (parsed as Record<string, unknown>)['controlFd'];
  if (controlFd !== undefined && (typeof controlFd !== 'number' || !Number.isSafeInteger(controlFd) || controlFd < 3)) throw new ShimConfigError(`controlFd ${JSON.stringify(controlFd)} is not a descriptor number of at least 3`);
  return config;
}

/** Checks the shape of a parsed config (the environment's, or a retarget request's) and returns it typed. */
export function checkPreloadConfigShape(parsed: unknown): ShimConfig {
  if (typeof parsed !== 'object' || parsed === null) throw new ShimConfigError('the shim config is not a JSON object');
  const config = parsed as Record<string, unknown>;
  if (typeof config['root'] !== 'string' || config['root'] === '') throw new ShimConfigError(`root ${JSON.stringify(config['root'])} is not a non-empty string`);
  if (typeof config['seed'] !== 'number' || !Number.isSafeInteger(config['seed'])) throw new ShimConfigError(`seed ${JSON.stringify(config['seed'])} is not an integer`);
  if (config['tracePath'] !== undefined && typeof config['tracePath'] !== 'string') throw new ShimConfigError(`tracePath ${JSON.stringify(config['tracePath'])} is not a string`);
  if (config['faults'] !== undefined && !Array.isArray(config['faults'])) throw new ShimConfigError('faults is not an array');
  return parsed as ShimConfig;
}
