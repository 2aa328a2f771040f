// The repository's documents refer only to documents that are in it: every
// relative Markdown link resolves, every `docs/<name>.md` mentioned in any file
// exists, and nothing points at a design brief that was never checked in.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.git', '.peers', 'coverage']);
const TEXT_EXTENSIONS = new Set(['.md', '.ts', '.mjs', '.js', '.json', '.yml', '.yaml', '.html']);
/** A bound on the walk, so a stray huge folder cannot make the test crawl. */
const FILES_MAX = 5000;

/** Every text file of the repository, relative to its root. */
function repositoryFiles(): string[] {
  const found: string[] = [];
  const visit = (directory: string): void => {
    for (const entry of fs.readdirSync(path.join(ROOT, directory), { withFileTypes: true })) {
      if (found.length >= FILES_MAX) return;
      const relative = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) visit(relative);
      } else if (TEXT_EXTENSIONS.has(path.extname(entry.name)) && !entry.name.startsWith('.') && !entry.name.includes('-lock')) {
        found.push(relative);
      }
    }
  };
  visit('');
  return found;
}

const files = repositoryFiles();
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('references between documents', () => {
  it('finds the documents it checks', () => {
    expect(files).toContain(path.join('docs', 'protocol.md'));
    expect(files).toContain('README.md');
  });

  it('no file names the internal design brief (it is not in the repository)', () => {
    const designName = ['DESIGN', 'md'].join('.');
    expect(files.filter((file) => read(file).includes(designName))).toEqual([]);
  });

  it('every relative Markdown link resolves to a file', () => {
    const broken: string[] = [];
    for (const file of files.filter((name) => name.endsWith('.md'))) {
      for (const match of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!.split('#')[0]!;
        if (target === '' || /^[a-z]+:/.test(target)) continue;
        if (!fs.existsSync(path.join(ROOT, path.dirname(file), target))) broken.push(`${file} -> ${match[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every docs/<name>.md mentioned in any file exists', () => {
    const missing: string[] = [];
    for (const file of files) {
      for (const match of read(file).matchAll(/\bdocs\/([a-z0-9-]+\.md)\b/g)) {
        if (!fs.existsSync(path.join(ROOT, 'docs', match[1]!))) missing.push(`${file} -> docs/${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
