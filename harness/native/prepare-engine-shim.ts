/**
 * The one hook the engine launcher calls for an engine command under a shim:
 * decide which shim traces it (choose-shim.ts) and return the environment that
 * sets it up. The decision reads the program (its script, its ELF headers), so
 * it is made once per command and choice and remembered; the library is built
 * once per process.
 */
import type { ShimConfig } from '../shim/shim-config.js';
import { nativeShimLibrary } from './build-native-shim.js';
import { chooseShim, type ShimChoice, type ShimKind } from './choose-shim.js';
import { nativeShimEnvironment } from './native-environment.js';
import { nativeShimError } from './native-shim-error.js';

/** What the launcher does for one engine start. */
export interface EngineShimSetup {
  readonly kind: ShimKind;
  /** Variables to add (for the Node shim the launcher adds NODE_OPTIONS itself). */
  readonly env: Readonly<Record<string, string>>;
}

/** The most decisions remembered (one per distinct engine command and choice). */
const DECISIONS_MAX = 64;
const decisions = new Map<string, ShimKind>();
let libraryPath: string | undefined;

/** Decides the shim of the command `parts` and prepares its environment for `shim`; `inheritedPreload` is the LD_PRELOAD the engine would otherwise run with. */
export function prepareEngineShim(parts: readonly string[], isNodeProgram: boolean, choice: ShimChoice, shim: ShimConfig, cwd: string, inheritedPreload: string | undefined = process.env['LD_PRELOAD']): EngineShimSetup {
  const key = `${choice}\u0000${cwd}\u0000${parts.join('\u0000')}`;
  let kind = decisions.get(key);
  if (kind === undefined) {
    kind = chooseShim(parts, isNodeProgram, choice, cwd);
    if (decisions.size >= DECISIONS_MAX) decisions.clear();
    decisions.set(key, kind);
  }
  if (kind === 'node') return { kind, env: {} };
  if (shim.crashAfterOperation !== undefined && !(Number.isSafeInteger(shim.crashAfterOperation) && shim.crashAfterOperation >= 0)) {
    throw nativeShimError('NATIVE_WRONG_SHIM', `crash point ${shim.crashAfterOperation} is not a non-negative integer`);
  }
  libraryPath ??= nativeShimLibrary();
  return { kind, env: nativeShimEnvironment(shim, libraryPath, inheritedPreload) };
}
