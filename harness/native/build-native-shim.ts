/**
 * Builds the native shim on first use with the machine's C compiler (`$CC`,
 * else `cc`) and caches the library by a hash of its sources and the compiler
 * command, so a changed source or compiler rebuilds and an unchanged one never
 * does. The cache lives in `$UNPLUG_CACHE_DIR/native` (default
 * `<tmpdir>/unplug-native-<uid>`), readable by every user, because an engine
 * may run its processes as another user (PostgreSQL as `postgres`) and the
 * dynamic loader silently skips a preload library it cannot read. The default
 * directory must be owned by this user and writable by no one else, or it is
 * refused (someone else could plant a library there). A build writes a
 * temporary file and renames it into place, so concurrent first uses never see
 * half a library.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../engine-client/repository-root.js';
import { nativeShimError } from './native-shim-error.js';

/** The C sources of the shim, inside unplug's repository or package. */
export function nativeSourceDirectory(): string {
  return join(repositoryRoot(), 'harness', 'native', 'c');
}

/** Sources that are test drivers, not part of the library. */
const DRIVER_SOURCES: ReadonlySet<string> = new Set(['decider-driver.c']);
/** Flags of every build; part of the cache key. */
const COMPILE_FLAGS = ['-O2', '-Wall', '-shared', '-fPIC', '-D_GNU_SOURCE'] as const;
const LINK_LIBRARIES = ['-ldl', '-lm', '-lpthread'] as const;
/** A compile must finish within this long. */
const BUILD_TIMEOUT_MS = 120_000;

/** The compiler command: `$CC` or `cc`. */
export function compilerCommand(): string {
  const fromEnvironment = process.env['CC']?.trim();
  return fromEnvironment === undefined || fromEnvironment === '' ? 'cc' : fromEnvironment;
}

/** Where built libraries are cached. */
export function nativeCacheDirectory(): string {
  const configured = process.env['UNPLUG_CACHE_DIR']?.trim();
  if (configured !== undefined && configured !== '') return join(configured, 'native');
  return join(tmpdir(), `unplug-native-${process.getuid?.() ?? 'user'}`);
}

/** Creates the cache directory readable by all, and refuses one another user owns or can write. */
function prepareCacheDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: 0o755 });
  const stats = lstatSync(directory);
  const uid = process.getuid?.();
  if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid) || (stats.mode & 0o022) !== 0) {
    throw nativeShimError('NATIVE_BUILD_FAILED', `the native shim cache '${directory}' is not a directory owned by this user and writable only by it; remove it or set UNPLUG_CACHE_DIR`);
  }
}

/** The library sources (sorted, so the hash is stable). */
function librarySources(): string[] {
  const directory = nativeSourceDirectory();
  return readdirSync(directory)
    .filter((name) => (name.endsWith('.c') || name.endsWith('.h')) && !DRIVER_SOURCES.has(name))
    .sort()
    .map((name) => join(directory, name));
}

/** Builds `sources` (.c files) into `outputPath` with extra `flags`; throws NativeShimError. */
export function compileC(sources: readonly string[], outputPath: string, flags: readonly string[]): void {
  const compiler = compilerCommand();
  const temporaryPath = `${outputPath}.${process.pid}.tmp`;
  const result = spawnSync(compiler, [...flags, '-o', temporaryPath, ...sources, ...LINK_LIBRARIES], { encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
  if (result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw nativeShimError('NATIVE_NO_COMPILER', `the native shim is built from C on first use, but the C compiler '${compiler}' was not found (install gcc, or set CC)`);
  }
  if (result.status !== 0) {
    rmSync(temporaryPath, { force: true });
    const detail = (result.stderr ?? String(result.error ?? '')).trim().split('\n').slice(0, 3).join(' | ');
    throw nativeShimError('NATIVE_BUILD_FAILED', `building the native shim with '${compiler}' failed: ${detail}`);
  }
  renameSync(temporaryPath, outputPath);
}

/** The path of the built shim library, building it first when the cache has no build of these sources. */
export function nativeShimLibrary(): string {
  const sources = librarySources();
  const hash = createHash('sha256');
  hash.update([compilerCommand(), ...COMPILE_FLAGS, ...LINK_LIBRARIES].join(' '));
  for (const source of sources) hash.update(source.slice(source.lastIndexOf('/'))).update(readFileSync(source));
  const cache = nativeCacheDirectory();
  const directory = join(cache, hash.digest('hex').slice(0, 16));
  const libraryPath = join(directory, 'libunplug-native.so');
  prepareCacheDirectory(cache);
  if (existsSync(libraryPath)) return libraryPath;
  mkdirSync(directory, { recursive: true, mode: 0o755 });
  chmodSync(directory, 0o755);
  compileC(
    sources.filter((source) => source.endsWith('.c')),
    libraryPath,
    COMPILE_FLAGS,
  );
  return libraryPath;
}
