/**
 * The README's library example is part of the API: this test runs it, as
 * written, against the compiled package (`npm test` builds dist/ first), so the
 * README cannot drift from what `unplug/engine` exports.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../', import.meta.url));

/** The first ```js block after the given heading of README.md. */
function readmeSnippet(heading: string): string {
  const readme = readFileSync(join(repository, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  if (match?.[1] === undefined) throw new Error(`no js example under '${heading}' in README.md`);
  return match[1];
}

let scratch = '';
afterEach(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
  scratch = '';
});

describe('README library example', () => {
  it('runs as written against the built package, and a second run recovers the commit', () => {
    scratch = mkdtempSync(join(tmpdir(), 'unplug-readme-'));
    // Install the checkout as the `unplug` package of a scratch project, as a user would.
    mkdirSync(join(scratch, 'node_modules'));
    symlinkSync(repository, join(scratch, 'node_modules', 'unplug'), 'dir');
    const snippet = readmeSnippet('## The reference engine as a library');
    expect(snippet).toContain("from 'unplug/engine'");
    writeFileSync(join(scratch, 'demo.mjs'), snippet);
    const run = (): string[] => execFileSync(process.execPath, ['demo.mjs'], { cwd: scratch, encoding: 'utf8' }).trim().split('\n');

    const first = run();
    expect(first[0]).toMatch(/^empty \d+\/[0-9A-F]+$/);
    expect(first[1]).toMatch(/^\d+\/[0-9A-F]+ hello$/);

    // The second open recovers what the first committed and checkpointed.
    const second = run();
    expect(second[0]).not.toMatch(/^empty/);
    expect(second[1]).toMatch(/ hello$/);
  });
});
