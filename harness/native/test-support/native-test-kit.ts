/**
 * Test support for the native shim: builds the shim and the C test programs
 * once per test file (or says why it cannot, for a skip message), and runs a
 * command under the shim with a fresh data directory and trace.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTrace } from '../../trace/trace-reader.js';
import type { TraceRecord } from '../../trace/trace-record.js';
import type { ShimConfig } from '../../shim/shim-config.js';
import { compileC, nativeShimLibrary, nativeSourceDirectory } from '../build-native-shim.js';
import { findExecutable } from '../choose-shim.js';
import { nativeShimEnvironment } from '../native-environment.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The built shim, or why there is none (no compiler). */
export function tryShimLibrary(): { readonly library?: string; readonly reason?: string } {
  if (findExecutable(process.env['CC'] ?? 'cc', process.cwd()) === undefined) return { reason: 'no C compiler (cc) on this machine' };
  return { library: nativeShimLibrary() };
}

/** Compiles a C test program from test-support (or the shim's own sources) into `directory`. */
export function buildProgram(directory: string, name: string, sources: readonly string[]): string {
  const output = join(directory, name);
  const paths = sources.map((source) => (existsSync(join(here, source)) ? join(here, source) : join(nativeSourceDirectory(), source)));
  compileC(paths, output, ['-O1', '-D_GNU_SOURCE']);
  return output;
}

/** A scratch area: a data directory and a trace path beside it. */
export interface Scratch {
  readonly root: string;
  readonly dataDirectory: string;
  readonly tracePath: string;
  remove(): void;
}

/** Makes a fresh scratch area. */
export function makeScratch(label: string): Scratch {
  const root = mkdtempSync(join(tmpdir(), `unplug-native-${label}-`));
  const dataDirectory = join(root, 'data');
  spawnSync('mkdir', ['-p', dataDirectory]);
  return { root, dataDirectory, tracePath: join(root, 'trace.bin'), remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs `file args` under the native shim with `config` (root and trace filled in from `scratch`). */
export function runUnderShim(
  library: string,
  scratch: Scratch,
  file: string,
  args: readonly string[],
  config: Partial<ShimConfig> = {},
  extraEnvironment: Record<string, string> = {},
): { readonly result: SpawnSyncReturns<string>; readonly records: readonly TraceRecord[] } {
  const shim: ShimConfig = { root: scratch.dataDirectory, tracePath: scratch.tracePath, seed: 1, ...config };
  const environment = { ...process.env, ...nativeShimEnvironment(shim, library), ...extraEnvironment };
  const result = spawnSync(file, [...args], { env: environment, encoding: 'utf8', timeout: 60_000 });
  const records = existsSync(scratch.tracePath) ? readTrace(scratch.tracePath).records : [];
  return { result, records };
}

/** The file-system records (what the crash point counts). */
export function operationRecords(records: readonly TraceRecord[]): TraceRecord[] {
  return records.filter((record) => record.kind !== 'output' && record.kind !== 'fault');
}

/** A record with its data shown as text, for readable expectations. */
export function describeRecord(record: TraceRecord): string {
  switch (record.kind) {
    case 'write':
      return `write ${record.fileId === 0 ? '?' : '#'}@${record.offsetBytes} ${JSON.stringify(Buffer.from(record.data).toString('latin1'))}${record.syncMode === 'none' ? '' : ` ${record.syncMode}`}`;
    case 'create':
    case 'open':
    case 'mkdir':
    case 'remove':
    case 'sync-directory':
      return `${record.kind} ${record.path}`;
    case 'rename':
      return `rename ${record.sourcePath} -> ${record.targetPath}`;
    case 'truncate':
      return `truncate ${record.sizeBytes}`;
    case 'sync':
      return `sync ${record.syncKind}`;
    case 'output':
      return `output ${record.line}`;
    case 'fault':
      return `fault ${record.fault} ${record.operation} ${record.path}`;
    default:
      return record satisfies never;
  }
}
