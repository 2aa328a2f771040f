/**
 * Test-only helper: compiles `no-op-fsync.c` (an eatmydata stand-in) into a
 * shared library with the system C compiler. Returns undefined when no
 * compiler is installed, so the caller can skip with a clear message.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The C source next to this file (read from the source tree, not dist/). */
const SOURCE_PATH = fileURLToPath(new URL('./no-op-fsync.c', import.meta.url));

/** Builds `libno-op-fsync.so` in `directory`; returns its path, or undefined without a C compiler. */
export function buildNoOpFsyncLibrary(directory: string): string | undefined {
  const libraryPath = path.join(directory, 'libno-op-fsync.so');
  try {
    execFileSync('cc', ['-shared', '-fPIC', '-o', libraryPath, SOURCE_PATH], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return libraryPath;
}
