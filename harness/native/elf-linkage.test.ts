/**
 * ELF linkage on real binaries built here: a dynamically linked program is
 * interposable, a static one and a Go one (recognised by its .go.buildinfo
 * section, given here to a C program) are refused with a plain message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileC } from './build-native-shim.js';
import { assertInterposable, chooseShim } from './choose-shim.js';
import { elfLinkage, readElfLinkage } from './elf-linkage.js';
import { NativeShimUsageError } from './native-shim-error.js';
import { tryShimLibrary } from './test-support/native-test-kit.js';

const { library, reason } = tryShimLibrary();
let directory: string;
const build = (name: string, source: string, flags: readonly string[]): string | undefined => {
  const sourcePath = join(directory, `${name}.c`);
  writeFileSync(sourcePath, source);
  try {
    compileC([sourcePath], join(directory, name), flags);
    return join(directory, name);
  } catch {
    return undefined;
  }
};

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'unplug-native-elf-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('ELF linkage', () => {
  it('tells dynamic, static and Go executables apart', (context) => {
    if (library === undefined) return context.skip(reason ?? 'no compiler');
    const dynamic = build('dynamic', 'int main(void) { return 0; }\n', ['-O1']);
    const go = build('go', '__attribute__((section(".go.buildinfo"), used)) static const char info[] = "go1.22";\nint main(void) { return 0; }\n', ['-O1']);
    expect(readElfLinkage(dynamic!)).toBe('dynamic');
    expect(readElfLinkage(go!)).toBe('go');
    expect(() => assertInterposable(go!, directory)).toThrow(/is a Go program: Go makes its system calls without libc/);
    const statik = build('static', 'int main(void) { return 0; }\n', ['-O1', '-static']);
    if (statik === undefined) return context.skip('no static libc to link a static test program (libc6-dev static archives)');
    expect(readElfLinkage(statik)).toBe('static');
    let error: unknown;
    try {
      chooseShim([statik], false, 'auto', directory);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NativeShimUsageError);
    expect((error as NativeShimUsageError).code).toBe('NATIVE_STATIC_BINARY');
    expect((error as Error).message).toMatch(/is statically linked: LD_PRELOAD cannot see its file-system calls/);
  });

  it('reads a #! script through its interpreter, and calls anything else not ELF', () => {
    expect(elfLinkage(new Uint8Array(100))).toBe('not-elf');
    expect(elfLinkage(new TextEncoder().encode('#!/bin/sh\necho hi\n'.padEnd(80)))).toBe('not-elf');
    expect(() => assertInterposable('/bin/sh', directory)).not.toThrow();
    expect(() => assertInterposable('no-such-engine-anywhere', directory)).toThrow(/engine executable 'no-such-engine-anywhere' was not found on PATH/);
  });
});

describe('the automatic shim choice', () => {
  it('picks node for a plain Node program and native for one that starts programs', () => {
    expect(chooseShim(['node', 'examples/forgetful-store.mjs'], true, 'auto', process.cwd())).toBe('node');
    expect(chooseShim(['node', 'examples/adapters/sqlite-adapter.mjs'], true, 'auto', process.cwd())).toBe('native');
    expect(chooseShim(['node', 'examples/forgetful-store.mjs'], true, 'native', process.cwd())).toBe('native');
    expect(() => chooseShim(['/bin/sh'], false, 'node', process.cwd())).toThrow(/--shim node needs a Node program/);
  });
});
