/**
 * The replayable crash point: the shim SIGKILLs its own process right after the
 * operation whose 0-based index equals `config.crashAfterOperation`.
 *
 * THE INDEX (shared by every tracer; the Node preload shim follows it): it
 * counts the file-system records the process appends to its trace, that is
 * every record kind except 'output' and 'fault', in order, from 0, from the
 * start of this process. One operation may append several records (an open
 * that creates a file appends 'create' then 'open'); the count is per record,
 * so a crash may fall between them. The check runs after the record is in the
 * trace, so a trace cut by crash point N holds exactly N + 1 file-system
 * records. Operations outside the root are not recorded and not counted.
 */
import { ShimConfigError } from './shim-config-error.js';
import type { ShimConfig } from './shim-config.js';
import { sleepSync } from './sleep-sync.js';

/** Called by a tracer after each file-system record it appends. */
export interface CrashPoint {
  /** Kills the process when `index` (0-based, per the rule above) is the configured crash point. */
  afterOperation(index: number): void;
}

/** Kills this process at once; never returns. */
function killOwnProcess(): never {
  process.kill(process.pid, 'SIGKILL');
  // A self-sent SIGKILL is delivered before kill(2) returns to this thread; should
  // it ever not be, block here so that no further operation can run.
  for (;;) sleepSync(1_000);
}

/** Creates the crash point of `config`; `kill` replaces the SIGKILL in unit tests. */
export function createCrashPoint(config: ShimConfig, kill: () => void = killOwnProcess): CrashPoint {
  const crashIndex = config.crashAfterOperation;
  if (crashIndex === undefined) return { afterOperation: () => {} };
  if (!(Number.isSafeInteger(crashIndex) && crashIndex >= 0)) throw new ShimConfigError(`crashAfterOperation ${crashIndex} is not a non-negative integer`);
  return {
    afterOperation(index: number): void {
      if (index === crashIndex) kill();
    },
  };
}
