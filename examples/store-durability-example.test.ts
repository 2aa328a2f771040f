// Runs examples/store-durability.test.mjs as written, in a scratch project that
// installs this checkout as its `unplug` package, under vitest in a child:
// it passes against the reference engine, and against the forgetful store it
// fails with the campaign's terminal summary: what was lost and the replay line.
import { execa } from 'execa';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFreshBuild, REPOSITORY_ROOT } from '../harness/cli/commands/test-support/ensure-fresh-build.js';

const EXAMPLE = fileURLToPath(new URL('./store-durability.test.mjs', import.meta.url));
const FORGETFUL_STORE = fileURLToPath(new URL('./forgetful-store.mjs', import.meta.url));
const VITEST_TIMEOUT_MS = 150_000;
let scratch = '';

beforeAll(async () => {
  await ensureFreshBuild();
  scratch = mkdtempSync(join(tmpdir(), 'unplug-vitest-example-'));
  mkdirSync(join(scratch, 'node_modules'));
  symlinkSync(REPOSITORY_ROOT, join(scratch, 'node_modules', 'unplug'), 'dir');
  symlinkSync(join(REPOSITORY_ROOT, 'node_modules', 'vitest'), join(scratch, 'node_modules', 'vitest'), 'dir');
  copyFileSync(EXAMPLE, join(scratch, 'store-durability.test.mjs'));
}, 240_000);
afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

/** Runs vitest on the copied example in the scratch project; returns its exit code and output. */
async function runExample(engine: string | undefined): Promise<{ exitCode: number | undefined; output: string }> {
  const env: Record<string, string | undefined> = { UNPLUG_EXAMPLE_ENGINE: engine, NO_COLOR: '1', FORCE_COLOR: undefined };
  const result = await execa(process.execPath, [join(scratch, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default'], {
    cwd: scratch,
    env,
    reject: false,
    timeout: VITEST_TIMEOUT_MS,
    all: true,
  });
  return { exitCode: result.exitCode, output: String(result.all) };
}

describe('examples/store-durability.test.mjs (unplug/vitest)', () => {
  it('passes against the reference engine', async () => {
    const { exitCode, output } = await runExample(undefined);
    expect(output).toMatch(/1 passed/);
    expect(exitCode, output).toBe(0);
  });

  it('fails against the forgetful store, with a message naming the lost commit and its replay line', async () => {
    const { exitCode, output } = await runExample(`node ${FORGETFUL_STORE}`);
    expect(exitCode).toBe(1);
    expect(output).toMatch(/1 failed/);
    expect(output).toContain('expected every acknowledged commit to survive, but baseline-power-loss');
    expect(output).toMatch(/P1 {2}acknowledged tx \d+ .* is lost/);
    expect(output).toMatch(/replay: unplug replay --scenario baseline-power-loss --seed 42 /);
    // Readable: the summary, not a stack of harness internals; vitest points at the test file's crashTest call.
    expect(output).not.toContain('node:internal');
    expect(output).not.toContain('crash-test.');
    expect(output).toMatch(/❯ store-durability\.test\.mjs:\d+:\d+\n(?:.*\n){0,3}.*\| crashTest\('every acknowledged commit survives a power cut'/);
  });
});
