// The repository's files refer only to documents that are in it: every
// relative Markdown link resolves, every Markdown file named anywhere (a link,
// a path in a comment, `docs/<name>.md` in code) exists, and nothing points at
// a design brief that was never checked in. Every text file counts, whatever
// its extension: source, C, shell scripts, workflow files, JSON.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Generated or installed, never written by hand (the .gitignore list, and git's own directory). */
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.git', '.peers', 'coverage', 'unplug-reports']);
const SKIPPED_FILES = new Set(['package-lock.json', '.vitest-results.json']);
/** A bound on the walk; the test fails rather than silently checking part of the repository. */
const FILES_MAX = 5000;
/** Files larger than this are data, not documents that refer to others. */
const TEXT_FILE_BYTES_MAX = 2 * 1024 * 1024;
/** How much of a file is looked at to tell text from binary (a NUL byte means binary). */
const BINARY_PROBE_BYTES = 8192;

/** True when the file's first bytes hold no NUL: a text file. */
function isText(absolute: string): boolean {
  const descriptor = fs.openSync(absolute, 'r');
  try {
    const probe = Buffer.alloc(BINARY_PROBE_BYTES);
    const length = fs.readSync(descriptor, probe, 0, probe.length, 0);
    return !probe.subarray(0, length).includes(0);
  } finally {
    fs.closeSync(descriptor);
  }
}

/** Every hand-written text file of the repository, relative to its root. */
function repositoryFiles(): string[] {
  const found: string[] = [];
  const visit = (directory: string): void => {
    for (const entry of fs.readdirSync(path.join(ROOT, directory), { withFileTypes: true })) {
      const relative = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) visit(relative);
        continue;
      }
      if (!entry.isFile() || SKIPPED_FILES.has(entry.name) || entry.name.endsWith('.tsbuildinfo')) continue;
      const absolute = path.join(ROOT, relative);
      if (fs.statSync(absolute).size > TEXT_FILE_BYTES_MAX || !isText(absolute)) continue;
      if (found.length >= FILES_MAX) throw new Error(`more than ${FILES_MAX} text files under ${ROOT}: raise FILES_MAX rather than check part of them`);
      found.push(relative);
    }
  };
  visit('');
  return found;
}

const files = repositoryFiles();
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** True when `target` names a file relative to `file`'s directory or to the repository root. */
function resolves(file: string, target: string): boolean {
  return fs.existsSync(path.join(ROOT, path.dirname(file), target)) || fs.existsSync(path.join(ROOT, target));
}

/** The Markdown file names `text` mentions: path-like words ending in `.md` (not URLs). */
function mentionedMarkdownFiles(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/(?<![\w/.:-])((?:\.{1,2}\/)?[\w.-]+(?:\/[\w.-]+)*\.md)\b(?![\w/])/g)) names.push(match[1]!);
  return names;
}

describe('references between documents', () => {
  it('finds the documents it checks, in every kind of file', () => {
    expect(files).toContain(path.join('docs', 'protocol.md'));
    expect(files).toContain('README.md');
    expect(files).toContain(path.join('.ci', 'run'));
    expect(files).toContain(path.join('harness', 'native', 'c', 'state.c'));
    expect(files).not.toContain('package-lock.json');
  });

  it('reads Markdown names out of prose, comments and code, and leaves URLs alone', () => {
    expect(mentionedMarkdownFiles('see docs/protocol.md, [x](../reports.md#exit-codes) and `harness/native/README.md`.')).toEqual([
      'docs/protocol.md',
      '../reports.md',
      'harness/native/README.md',
    ]);
    expect(mentionedMarkdownFiles(' * syncs of disk-notes.md, lower')).toEqual(['disk-notes.md']);
    expect(mentionedMarkdownFiles('https://github.com/typicode/lowdb/blob/main/README.md and a.mdx')).toEqual([]);
  });

  it('no file names the internal design brief (it is not in the repository)', () => {
    const designName = ['DESIGN', 'md'].join('.');
    expect(files.filter((file) => read(file).includes(designName))).toEqual([]);
  });

  it('every relative Markdown link resolves to a file', () => {
    const broken: string[] = [];
    for (const file of files.filter((name) => name.endsWith('.md'))) {
      for (const match of read(file).matchAll(/\]\(([^)\s]+)\)|^\[[^\]]+\]:\s*(\S+)/gm)) {
        const target = (match[1] ?? match[2]!).split('#')[0]!;
        if (target === '' || /^[a-z]+:/.test(target)) continue;
        if (!fs.existsSync(path.join(ROOT, path.dirname(file), target))) broken.push(`${file} -> ${match[1] ?? match[2]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every Markdown file named in any file exists (next to that file or from the repository root)', () => {
    const missing: string[] = [];
    for (const file of files.filter((name) => name !== path.join('docs', 'doc-references.test.ts'))) {
      for (const name of mentionedMarkdownFiles(read(file))) {
        if (!resolves(file, name)) missing.push(`${file} -> ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
