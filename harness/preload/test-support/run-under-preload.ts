/**
 * Test helper: runs a program under the compiled preload shim
 * (`node --import dist/bundles/preload.js`) with a fresh data
 * directory as the traced root, and reads back the trace it wrote.
 */
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ShimConfig } from '../../shim/shim-config.js';
import { readTrace } from '../../trace/trace-reader.js';
import type { TraceRecord } from '../../trace/trace-record.js';

/** The compiled shim (`npm run build` makes it; `npm test` builds first). */
export const REGISTER_PATH = fileURLToPath(new URL('../../../dist/bundles/preload.js', import.meta.url));

/** The path of a fixture program by file name. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** A finished run under the shim. */
export interface PreloadRun {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly records: readonly TraceRecord[];
  readonly tornTailBytes: number;
  /** The traced root (the program's data directory). */
  readonly dataDirectory: string;
  /** Scratch space outside the root. */
  readonly outsideDirectory: string;
}

/** What to run. */
export interface PreloadRunOptions {
  /** Arguments after the data directory. */
  readonly args?: readonly string[];
  /** Replaces the default argument list (which is just the data directory); `{dir}` and `{outside}` stand for the two directories. */
  readonly argumentTemplate?: readonly string[];
  readonly config?: Partial<Omit<ShimConfig, 'root' | 'tracePath'>>;
  readonly input?: string;
}

const temporaryDirectories: string[] = [];

/** Removes every directory the runs of this test file made (call in afterEach). */
export function removeTemporaryDirectories(): void {
  for (const directory of temporaryDirectories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
}

/** Runs `program` (a path) with node and the shim; the program gets the data directory as its first argument. */
export async function runUnderPreload(program: string, options: PreloadRunOptions = {}): Promise<PreloadRun> {
  if (!fs.existsSync(REGISTER_PATH)) throw new Error(`${REGISTER_PATH} is missing: run npm run build first`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-preload-'));
  temporaryDirectories.push(scratch);
  const dataDirectory = path.join(scratch, 'data');
  const outsideDirectory = path.join(scratch, 'outside');
  fs.mkdirSync(dataDirectory);
  fs.mkdirSync(outsideDirectory);
  const tracePath = path.join(scratch, 'trace.bin');
  const config: ShimConfig = { seed: 1, ...options.config, root: dataDirectory, tracePath };
  const programArguments = (options.argumentTemplate ?? ['{dir}']).map((argument) =>
    argument.replace('{dir}', dataDirectory).replace('{outside}', outsideDirectory),
  );
  const result = await execa('node', ['--import', REGISTER_PATH, program, ...programArguments, ...(options.args ?? [])], {
    env: { UNPLUG_SHIM: JSON.stringify(config) },
    input: options.input ?? '',
    reject: false,
    timeout: 20_000,
  });
  const trace = fs.existsSync(tracePath) ? readTrace(tracePath) : { records: [], tornTailBytes: 0 };
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    records: trace.records,
    tornTailBytes: trace.tornTailBytes,
    dataDirectory,
    outsideDirectory,
  };
}

/**
 * Records in a form tests can compare exactly: write data as text, and file
 * ids (inode numbers, different on every run) as F0, F1... in order of first
 * appearance.
 */
export function readableRecords(records: readonly TraceRecord[]): unknown[] {
  const names = new Map<number, string>();
  const name = (fileId: number): string => {
    if (!names.has(fileId)) names.set(fileId, `F${names.size}`);
    return names.get(fileId) as string;
  };
  return records.map((record) => {
    if (record.kind === 'write') return { ...record, fileId: name(record.fileId), data: Buffer.from(record.data).toString('utf8') };
    if ('fileId' in record) return { ...record, fileId: name(record.fileId) };
    return record;
  });
}

/** The number of file-system records (every kind but 'output' and 'fault'), as the crash point counts them. */
export function fileSystemRecordCount(records: readonly TraceRecord[]): number {
  return records.filter((record) => record.kind !== 'output' && record.kind !== 'fault').length;
}
