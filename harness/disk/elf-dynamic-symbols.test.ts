import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { definedDynamicFunctions, readDefinedDynamicFunctions } from './elf-dynamic-symbols.js';
import { buildNoOpFsyncLibrary } from './test-support/build-no-op-fsync-library.js';

const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-elf-test-'));
afterAll(() => fs.rmSync(workDirectory, { recursive: true, force: true }));

/** The libc this process loaded, from /proc/self/maps. */
function loadedLibc(): string | undefined {
  try {
    const maps = fs.readFileSync('/proc/self/maps', 'utf8');
    return /\s(\/\S*\/libc(?:-[\d.]+)?\.so[\d.]*)$/m.exec(maps)?.[1];
  } catch {
    return undefined;
  }
}

describe('definedDynamicFunctions', () => {
  it('lists fsync and fdatasync as defined in the no-op library', (context) => {
    const library = buildNoOpFsyncLibrary(workDirectory);
    if (library === undefined) return context.skip('no C compiler (cc) on this machine');
    const names = readDefinedDynamicFunctions(library);
    expect(names?.has('fsync')).toBe(true);
    expect(names?.has('fdatasync')).toBe(true);
    expect(names?.has('open')).toBe(false);
  });

  it('does not count functions a library only imports', (context) => {
    const source = path.join(workDirectory, 'calls-fsync.c');
    fs.writeFileSync(source, '#include <unistd.h>\nint flush_it(int fd) { return fsync(fd); }\n');
    const library = path.join(workDirectory, 'libcalls-fsync.so');
    try {
      execFileSync('cc', ['-shared', '-fPIC', '-o', library, source], { stdio: 'ignore' });
    } catch {
      return context.skip('no C compiler (cc) on this machine');
    }
    const names = readDefinedDynamicFunctions(library);
    expect(names?.has('flush_it')).toBe(true);
    expect(names?.has('fsync')).toBe(false);
  });

  it('reads the real libc of this process, which defines fsync', (context) => {
    const libc = loadedLibc();
    if (libc === undefined) return context.skip('no glibc in /proc/self/maps');
    expect(readDefinedDynamicFunctions(libc)?.has('fsync')).toBe(true);
  });

  it('returns undefined for non-ELF and truncated input instead of throwing', () => {
    expect(definedDynamicFunctions(new TextEncoder().encode('#!/bin/sh\necho not a library\n'.repeat(4)))).toBeUndefined();
    const libc = loadedLibc();
    if (libc !== undefined) expect(definedDynamicFunctions(fs.readFileSync(libc).subarray(0, 4096))).toBeUndefined();
    expect(readDefinedDynamicFunctions(path.join(workDirectory, 'missing.so'))).toBeUndefined();
  });
});
