// The crash point for real: a child process running compiled code (dist/, built
// by `npm test` before vitest runs) SIGKILLs itself right after operation N.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TraceRecord } from '../trace/trace-record.js';
import { readTrace } from '../trace/trace-reader.js';
import type { ShimConfig } from './shim-config.js';

const FIXTURE_PATH = fileURLToPath(new URL('./test-support/traced-writer-fixture.mjs', import.meta.url));
const COMPILED_STACK_PATH = fileURLToPath(new URL('../../dist/harness/shim/compose-shim-file-system.js', import.meta.url));

let directory: string;
beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-crash-point-'));
});
afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

function isFileSystemRecord(record: TraceRecord): boolean {
  return record.kind !== 'output' && record.kind !== 'fault';
}

async function runFixture(name: string, crashAfterOperation?: number): Promise<{ signal: string | undefined; exitCode: number | undefined; records: TraceRecord[]; tornTailBytes: number }> {
  const root = path.join(directory, name);
  fs.mkdirSync(root);
  const config: ShimConfig = { root, seed: 1, tracePath: path.join(directory, `${name}.trace`), ...(crashAfterOperation === undefined ? {} : { crashAfterOperation }) };
  const result = await execa(process.execPath, [FIXTURE_PATH], { env: { UNPLUG_SHIM: JSON.stringify(config) }, reject: false, timeout: 20_000 });
  const { records, tornTailBytes } = readTrace(config.tracePath as string);
  return { signal: result.signal, exitCode: result.exitCode, records, tornTailBytes };
}

describe('crash point in a real child process', () => {
  it('kills the process right after operation N: the trace holds exactly N + 1 file-system records', async () => {
    expect(fs.existsSync(COMPILED_STACK_PATH), 'run `npm run build` first (npm test does)').toBe(true);
    const full = await runFixture('full');
    expect(full.exitCode).toBe(0);
    expect(full.signal).toBeUndefined();
    const fullFileSystemRecords = full.records.filter(isFileSystemRecord);
    // mkdir, create, open, 8 x (write, sync), rename, sync-directory.
    expect(fullFileSystemRecords).toHaveLength(21);

    for (const crashIndex of [0, 2, 7, 20]) {
      const crashed = await runFixture(`crash-${crashIndex}`, crashIndex);
      expect(crashed.signal, `crash point ${crashIndex}`).toBe('SIGKILL');
      expect(crashed.records.filter(isFileSystemRecord)).toHaveLength(crashIndex + 1);
      expect(crashed.tornTailBytes).toBe(0);
      // The killed run's trace is a prefix of the full run's: same operations, same data, same acks so far.
      expect(crashed.records).toEqual(full.records.slice(0, crashed.records.length));
    }
  });

  it('does not kill a process whose crash point lies beyond its last operation', async () => {
    const survived = await runFixture('beyond', 21);
    expect(survived.exitCode).toBe(0);
    expect(survived.records.filter(isFileSystemRecord)).toHaveLength(21);
  });
});
