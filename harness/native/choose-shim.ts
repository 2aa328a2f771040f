/**
 * Which shim traces an engine command. `--shim node` and `--shim native` force
 * one; `auto` (the default) picks the Node preload shim for a plain Node
 * program, and the native LD_PRELOAD shim for everything else: non-Node
 * commands, and Node programs that load native addons or start other programs
 * (whose file-system calls node:fs never sees). The native shim refuses a
 * statically linked or Go executable with a plain message rather than report a
 * false durable.
 */
import { accessSync, constants, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { assertNever } from '../../engine/invariants.js';
import { readElfLinkage } from './elf-linkage.js';
import { nativeShimError } from './native-shim-error.js';

/** The values of `--shim`. */
export const SHIM_CHOICES = ['auto', 'native', 'node'] as const;
/** A `--shim` value. */
export type ShimChoice = (typeof SHIM_CHOICES)[number];
/** The shim that will trace an engine. */
export type ShimKind = 'native' | 'node';

/** How deep to look for a compiled addon (`*.node`) inside a dependency. */
const ADDON_SEARCH_DEPTH = 4;
/** The most directory entries looked at while searching one dependency. */
const ADDON_SEARCH_ENTRIES_MAX = 5_000;
/** Node programs larger than this are not scanned for imports. */
const SCRIPT_SIZE_BYTES_MAX = 4 * 1024 * 1024;

/** Resolves a command name to an executable path through PATH (undefined when not found). */
export function findExecutable(name: string, cwd: string): string | undefined {
  if (name.includes('/')) {
    const candidate = isAbsolute(name) ? name : resolve(cwd, name);
    return existsSync(candidate) ? candidate : undefined;
  }
  for (const directory of (process.env['PATH'] ?? '').split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here; try the next directory.
    }
  }
  return undefined;
}

/** The executable the kernel really runs for `path`: the interpreter of a `#!` script, else the file. */
function executableBehind(path: string, cwd: string): string {
  const head = readFileSync(path).subarray(0, 256).toString('latin1');
  if (!head.startsWith('#!')) return path;
  const [interpreter = '', argument] = head.slice(2).split('\n')[0]!.trim().split(/\s+/);
  // `#!/usr/bin/env prog` runs prog from PATH.
  if (interpreter.endsWith('/env') && argument !== undefined) return findExecutable(argument, cwd) ?? interpreter;
  return interpreter;
}

/** Throws unless the native shim can interpose `command`'s executable. */
export function assertInterposable(command: string, cwd: string): void {
  const found = findExecutable(command, cwd);
  if (found === undefined) throw nativeShimError('NATIVE_NOT_FOUND', `engine executable '${command}' was not found on PATH`);
  const executable = executableBehind(found, cwd);
  const linkage = readElfLinkage(executable);
  if (linkage === 'static') {
    throw nativeShimError('NATIVE_STATIC_BINARY', `'${executable}' is statically linked: LD_PRELOAD cannot see its file-system calls, so unplug cannot trace it (a durable verdict would be false)`);
  }
  if (linkage === 'go') {
    throw nativeShimError('NATIVE_GO_BINARY', `'${executable}' is a Go program: Go makes its system calls without libc, so LD_PRELOAD cannot trace it (a durable verdict would be false)`);
  }
}

/** True when the package directory holds a compiled addon or its build recipe. */
function packageHasAddon(directory: string): boolean {
  if (existsSync(join(directory, 'binding.gyp'))) return true;
  let seen = 0;
  const search = (at: string, depth: number): boolean => {
    if (depth > ADDON_SEARCH_DEPTH) return false;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      seen += 1;
      if (seen > ADDON_SEARCH_ENTRIES_MAX) return false;
      if (entry.isFile() && entry.name.endsWith('.node')) return true;
      if (entry.isDirectory() && entry.name !== 'node_modules' && search(join(at, entry.name), depth + 1)) return true;
    }
    return false;
  };
  return search(directory, 0);
}

/** The directory of bare package `name` as Node would find it from `fromDirectory`. */
function packageDirectory(name: string, fromDirectory: string): string | undefined {
  const packageName = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!;
  for (let directory = fromDirectory; ; directory = dirname(directory)) {
    const candidate = join(directory, 'node_modules', packageName);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(directory) === directory) return undefined;
  }
}

/** Why a Node script needs the native shim (an addon package or child processes), or undefined. */
export function nodeScriptNeedsNative(scriptPath: string): string | undefined {
  let source: string;
  try {
    if (statSync(scriptPath).size > SCRIPT_SIZE_BYTES_MAX) return undefined;
    source = readFileSync(scriptPath, 'utf8');
  } catch {
    return undefined;
  }
  const specifiers = [...source.matchAll(/(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"\n]+)['"]/g)].map((match) => match[1]!);
  for (const specifier of specifiers) {
    if (specifier === 'node:child_process' || specifier === 'child_process') return 'it starts other programs';
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
    const directory = packageDirectory(specifier, dirname(scriptPath));
    if (directory !== undefined && packageHasAddon(directory)) return `it loads the native addon package '${specifier}'`;
  }
  return undefined;
}

/** The script a Node command line runs (`node [flags] script` or a bare `script.mjs`), when there is one. */
function nodeScript(parts: readonly string[], cwd: string): string | undefined {
  const script = parts.find((part, index) => index > 0 && !part.startsWith('-')) ?? (/\.(m|c)?js$/.test(parts[0] ?? '') ? parts[0] : undefined);
  if (script === undefined) return undefined;
  return resolve(cwd, script);
}

/** Decides which shim traces the command `parts` (already split); throws NativeShimError when the choice cannot work. */
export function chooseShim(parts: readonly string[], isNodeProgram: boolean, choice: ShimChoice, cwd: string): ShimKind {
  const [first = ''] = parts;
  switch (choice) {
    case 'node':
      if (!isNodeProgram) throw nativeShimError('NATIVE_WRONG_SHIM', `--shim node needs a Node program, but the engine command starts '${first}'`);
      return 'node';
    case 'native':
      if (!isNodeProgram) assertInterposable(first, cwd);
      return 'native';
    case 'auto': {
      if (!isNodeProgram) {
        assertInterposable(first, cwd);
        return 'native';
      }
      const script = nodeScript(/\.(m|c)?js$/.test(first) ? ['node', ...parts] : parts, cwd);
      return script !== undefined && nodeScriptNeedsNative(script) !== undefined ? 'native' : 'node';
    }
    default:
      return assertNever(choice, 'shim choice');
  }
}

/** Parses a `--shim` value (undefined when the flag is absent); a bad value is a usage error naming it. */
export function parseShimOption(value: string | undefined): ShimChoice | undefined {
  if (value === undefined) return undefined;
  if (!(SHIM_CHOICES as readonly string[]).includes(value)) throw nativeShimError('NATIVE_WRONG_SHIM', `--shim must be one of ${SHIM_CHOICES.join(', ')}, got '${value}'`);
  return value as ShimChoice;
}
