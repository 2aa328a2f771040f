import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InfrastructureError } from '../cli/exit-codes.js';
import type { TraceRecord } from '../trace/trace-record.js';
import { checkEngineKeptServing, checkWritesVisible, EngineExitedWhileServingError, WritesInvisibleError } from './engine-run-checks.js';

const QUIT = { exit: { exitCode: 0, signal: undefined }, killedByShimCrashPoint: false, answered: 0, issued: 4 } as const;
const OUTPUT: TraceRecord = { kind: 'output', line: '{"type":"ready"}' };
const FAULT: TraceRecord = { kind: 'fault', fault: 'eio-fsync', operation: 'fsync', path: 'wal/0001' };
const MKDIR: TraceRecord = { kind: 'mkdir', path: 'wal' };

describe('checkEngineKeptServing', () => {
  it('refuses an engine that quit on its own after ready, naming it and how it ended', () => {
    expect(() => checkEngineKeptServing("engine 'x'", QUIT, [OUTPUT])).toThrow(EngineExitedWhileServingError);
    expect(() => checkEngineKeptServing("engine 'x'", QUIT, [OUTPUT])).toThrow("engine 'x' exited with code 0 after it printed ready, with 0 of 4 commits answered");
    expect(new EngineExitedWhileServingError('m')).toBeInstanceOf(InfrastructureError);
  });

  it("accepts the shim's planned crash, and a fail-stop after an injected fault fired", () => {
    expect(() => checkEngineKeptServing("engine 'x'", { ...QUIT, exit: { exitCode: undefined, signal: 'SIGKILL' }, killedByShimCrashPoint: true }, [])).not.toThrow();
    expect(() => checkEngineKeptServing("engine 'x'", { ...QUIT, exit: { exitCode: 1, signal: undefined } }, [OUTPUT, FAULT])).not.toThrow();
  });
});

describe('checkWritesVisible', () => {
  const directories: string[] = [];
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });
  const dataDirectory = (files: readonly string[]): string => {
    const directory = mkdtempSync(join(tmpdir(), 'unplug-run-checks-'));
    directories.push(directory);
    for (const file of files) writeFileSync(join(directory, file), 'x');
    return directory;
  };

  it('refuses acked commits with files on disk but no file-system record in the trace', () => {
    const directory = dataDirectory(['data.mdb', 'lock.mdb', 'LOG', 'MANIFEST']);
    expect(() => checkWritesVisible("engine 'x'", [OUTPUT], 3, directory)).toThrow(WritesInvisibleError);
    expect(() => checkWritesVisible("engine 'x'", [OUTPUT], 3, directory)).toThrow(/acknowledged 3 commits and wrote files in its data directory \(\w+(\.mdb)?, \w+(\.mdb)?, \w+(\.mdb)?, \.\.\.\)/);
  });

  it('leaves the oracle to judge an engine whose writes are traced, one that wrote nothing, and one that acked nothing', () => {
    const withFiles = dataDirectory(['store.log']);
    expect(() => checkWritesVisible("engine 'x'", [OUTPUT, MKDIR], 3, withFiles)).not.toThrow();
    expect(() => checkWritesVisible("engine 'x'", [OUTPUT], 3, dataDirectory([]))).not.toThrow();
    expect(() => checkWritesVisible("engine 'x'", [OUTPUT], 0, withFiles)).not.toThrow();
  });
});
