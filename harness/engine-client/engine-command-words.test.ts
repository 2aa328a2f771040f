import { describe, expect, it } from 'vitest';
import { engineCommandProblem } from './engine-command-check.js';
import { ENGINE_ENVIRONMENT_DROPPED, parseEngineCommand } from './engine-command-words.js';
import { resolveEngineCommandLine } from './engine-launch.js';
import { repositoryRoot } from './repository-root.js';

describe('parseEngineCommand', () => {
  it('reads leading NAME=VALUE words as the environment and the rest as the command', () => {
    expect(parseEngineCommand(`A=1 'B_2=two words' node store.mjs --x=1`)).toEqual({ assignments: { A: '1', B_2: 'two words' }, words: ['node', 'store.mjs', '--x=1'] });
  });

  it('stops at the first word that is not an assignment, and a later assignment wins', () => {
    expect(parseEngineCommand('A=1 A=2 ./store 1=x B=3')).toEqual({ assignments: { A: '2' }, words: ['./store', '1=x', 'B=3'] });
  });

  it('reads a command without assignments as before', () => {
    expect(parseEngineCommand('node "my store.mjs"')).toEqual({ assignments: {}, words: ['node', 'my store.mjs'] });
  });
});

describe('resolveEngineCommandLine', () => {
  const shim = { root: '/data', seed: 1 };

  it('drops NODE_EXTRA_CA_CERTS from every engine child unless the command sets it', () => {
    expect(ENGINE_ENVIRONMENT_DROPPED).toContain('NODE_EXTRA_CA_CERTS');
    const plain = resolveEngineCommandLine({ kind: 'command', command: 'node examples/append-only-store.mjs' }, '/data', shim);
    expect(Object.hasOwn(plain.env, 'NODE_EXTRA_CA_CERTS')).toBe(true);
    expect(plain.env['NODE_EXTRA_CA_CERTS']).toBeUndefined();
    const reference = resolveEngineCommandLine({ kind: 'reference', options: {} }, '/data');
    expect(Object.hasOwn(reference.env, 'NODE_EXTRA_CA_CERTS')).toBe(true);
    expect(reference.env['NODE_EXTRA_CA_CERTS']).toBeUndefined();
    const kept = resolveEngineCommandLine({ kind: 'command', command: 'NODE_EXTRA_CA_CERTS=/certs.pem node examples/append-only-store.mjs' }, '/data', shim);
    expect(kept.env['NODE_EXTRA_CA_CERTS']).toBe('/certs.pem');
  });

  it('runs a Node program after assignments under the preload shim, keeping its own NODE_OPTIONS', () => {
    const line = resolveEngineCommandLine({ kind: 'command', command: 'NODE_OPTIONS=--no-warnings STORE=x node examples/append-only-store.mjs' }, '/data', shim);
    expect(line.file).toBe(process.execPath);
    expect(line.args).toEqual(['examples/append-only-store.mjs', '--dir', '/data']);
    expect(line.env['STORE']).toBe('x');
    expect(line.env['NODE_OPTIONS']).toMatch(/^--no-warnings --import ".*preload\.js"$/);
  });

  it('checks the program after the assignments', () => {
    expect(engineCommandProblem('A=1 node examples/append-only-store.mjs', repositoryRoot())).toBeUndefined();
    expect(engineCommandProblem('A=1 node examples/no-such-store.mjs', repositoryRoot())).toMatch(/script 'examples\/no-such-store\.mjs'/);
    expect(engineCommandProblem('A=1', repositoryRoot())).toBe('is empty');
  });
});
