import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../cli/exit-codes.js';
import { EngineExitedBeforeReadyError, stderrExcerpt } from './engine-exit-error.js';

// What Node prints for an uncaught exception in an ES module.
const UNCAUGHT = `file:///srv/store.mjs:60
  for (const [key, value] of commit.writes) {
                             ^

TypeError: commit.writes is not iterable
    at file:///srv/store.mjs:60:30
    at ModuleJob.run (node:internal/modules/esm/module_job:234:25)
    at async asyncRunEntryPointWithESMLoader (node:internal/modules/run_main:117:5)

Node.js v20.20.2
`;

describe('stderrExcerpt', () => {
  it('keeps the source line and the message of an uncaught exception, not its stack frames or banner', () => {
    expect(stderrExcerpt(UNCAUGHT)).toBe('file:///srv/store.mjs:60 | for (const [key, value] of commit.writes) { | TypeError: commit.writes is not iterable');
  });

  it('is empty for an empty stderr and shortens very long lines', () => {
    expect(stderrExcerpt('\n  \n')).toBe('');
    expect(stderrExcerpt('x'.repeat(500))).toBe(`${'x'.repeat(160)}...`);
  });
});

describe('EngineExitedBeforeReadyError', () => {
  it('is an InfrastructureError naming the engine, the exit and the stderr excerpt', () => {
    const error = new EngineExitedBeforeReadyError("engine 'node x.mjs'", { exitCode: 1, signal: undefined }, 'boom');
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error.message).toBe("engine 'node x.mjs' exited with code 1 before it was ready; stderr: boom");
    expect(new EngineExitedBeforeReadyError('e', { exitCode: undefined, signal: 'SIGSEGV' }, '').message).toBe('e was killed by SIGSEGV before it was ready');
    expect(new EngineExitedBeforeReadyError('e', { exitCode: undefined, signal: undefined, spawnError: 'EACCES' }, '').message).toBe('e could not be started (EACCES)');
    expect(new EngineExitedBeforeReadyError('e', { exitCode: undefined, signal: undefined }, '').message).not.toContain('undefined');
  });
});
