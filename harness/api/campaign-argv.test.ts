// API options become CLI flags one for one; relative files of the engine
// command are made absolute against the caller's directory (the harness starts
// engines from its own root), and nothing else in the command changes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../engine-client/repository-root.js';
import { absoluteScripts, campaignArgv } from './campaign-argv.js';

const project = mkdtempSync(join(tmpdir(), 'unplug-argv-test-'));
mkdirSync(join(project, 'bin'));
writeFileSync(join(project, 'bin', 'my engine.mjs'), '');
writeFileSync(join(project, 'store.py'), '');
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('campaignArgv', () => {
  it('spells every option as its flag, in a fixed order', () => {
    expect(campaignArgv({ scenarios: ['a', 'b'], faults: ['power-loss', 'eio-fsync'], runs: 3, time: 1500, seed: 7, clients: 4, shard: '2/3', shim: 'node', metadata: 'both', out: 'reports' }, project)).toEqual([
      '--scenario', 'a', '--scenario', 'b', '--fault', 'power-loss', '--fault', 'eio-fsync', '--runs', '3', '--time', '1500ms', '--seed', '7', '--clients', '4', '--shard', '2/3', '--shim', 'node', '--metadata', 'both', '--out', join(project, 'reports'),
    ]);
    expect(campaignArgv({}, project)).toEqual([]);
  });

  it('makes relative files of the engine command absolute, quoting what needs it', () => {
    expect(absoluteScripts(`node 'bin/my engine.mjs' --fsync`, project)).toBe(`node '${join(project, 'bin', 'my engine.mjs')}' --fsync`);
    expect(absoluteScripts('python3 store.py --dir-mode strict missing.py', project)).toBe(`python3 ${join(project, 'store.py')} --dir-mode strict missing.py`);
    // From unplug's own root the command is left exactly as written.
    expect(absoluteScripts('node examples/forgetful-store.mjs', repositoryRoot())).toBe('node examples/forgetful-store.mjs');
  });
});
