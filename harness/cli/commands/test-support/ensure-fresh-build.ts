/**
 * Child-process tests run the compiled CLI from `dist/`. `npm test` builds it
 * first; when tests run alone (`npx vitest run <file>`) `dist/` may be stale.
 * This checks every compiled file the engine command can load against its
 * source and runs the build only when one is missing or older, so a test never
 * silently exercises yesterday's code.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The repository root (this file is harness/cli/commands/test-support/). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The folders whose compiled output the engine command loads. */
const SOURCE_FOLDERS = ['engine', 'harness/cli', 'harness/shim', 'harness/trace', 'harness/random'];
const BUILD_TIMEOUT_MS = 180_000;
const SOURCE_FILES_MAX = 10_000;

/** Sources (not tests, benchmarks or test support), changed before `changedBeforeMs`, whose compiled file is missing or older. */
export function staleSources(changedBeforeMs = Number.POSITIVE_INFINITY): readonly string[] {
  const stale: string[] = [];
  for (const source of listSources()) {
    if (statSync(source).mtimeMs >= changedBeforeMs) continue;
    const compiled = join(REPOSITORY_ROOT, 'dist', relative(REPOSITORY_ROOT, source).replace(/\.ts$/, '.js'));
    if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(source).mtimeMs) stale.push(source);
  }
  return stale;
}

/** Runs `npm run build` when `dist/` is stale; throws when it is still stale afterwards. */
export async function ensureFreshBuild(): Promise<void> {
  if (staleSources().length === 0) return;
  const buildStartedMs = Date.now();
  // tsc still emits when someone's half-written file has a type error; freshness is what counts.
  await execa('npm', ['run', 'build'], { cwd: REPOSITORY_ROOT, reject: false, timeout: BUILD_TIMEOUT_MS });
  // A source edited while the build ran (the tree is shared) may legitimately be newer than its output.
  const stillStale = staleSources(buildStartedMs);
  if (stillStale.length > 0) {
    throw new Error(`dist/ is stale after 'npm run build' for: ${stillStale.slice(0, 5).map((path) => relative(REPOSITORY_ROOT, path)).join(', ')}`);
  }
}

function listSources(): string[] {
  const sources: string[] = [];
  const pending = SOURCE_FOLDERS.map((folder) => join(REPOSITORY_ROOT, folder)).filter((folder) => existsSync(folder));
  while (pending.length > 0 && sources.length < SOURCE_FILES_MAX) {
    const folder = pending.pop()!;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test-support') pending.push(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.bench.ts') && !entry.name.endsWith('.d.ts')) {
        sources.push(path);
      }
    }
  }
  return sources;
}
