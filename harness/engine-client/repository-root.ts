/**
 * Finds unplug's own repository (or installed package) root from a module URL,
 * so the harness can start `bin/unplug.js` and the preload shim without ever
 * naming a path of the machine it runs on. Works from the TypeScript sources
 * (tests) and from the compiled `dist/` tree.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert } from '../../engine/invariants.js';

/** Walk at most this many directories up; the root is two to four levels above any module. */
const LEVELS_MAX = 8;

let cachedRoot: string | undefined;

/** The directory holding unplug's `package.json`. */
export function repositoryRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < LEVELS_MAX; level += 1) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'unplug') {
      cachedRoot = directory;
      return directory;
    }
    directory = dirname(directory);
  }
  assert(false, `no unplug package.json above ${fileURLToPath(import.meta.url)}`);
}

/** The `unplug` launcher script. */
export function unplugLauncherPath(): string {
  return join(repositoryRoot(), 'bin', 'unplug.js');
}

/** The reference engine's child entry (`unplug engine` from one bundled file). */
export function engineLauncherPath(): string {
  return join(repositoryRoot(), 'bin', 'unplug-engine.js');
}

/** The bundled Node preload shim (`node --import <this>`), built by `npm run build` from `harness/preload/register.ts`. */
export function preloadShimPath(): string {
  return join(repositoryRoot(), 'dist', 'bundles', 'preload.js');
}
