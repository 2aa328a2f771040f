/**
 * A change-data-capture reader as a real child process: `unplug engine cdc
 * --dir D --from-lsn L [--follow]`, its JSON lines parsed and handed over one
 * by one. The harness SIGKILLs it to crash the consumer; a one-shot reader
 * (no --follow) must exit 0 once it has emitted everything durable.
 */
import { execa } from 'execa';
import type { Change } from '../../engine/cdc/change-line.js';
import { parseChangeLine } from '../../engine/cdc/change-line.js';
import type { DefectName } from '../../engine/engine-types.js';
import { formatLsn } from '../../engine/wal/lsn.js';
import { createLineBuffer } from '../engine-client/line-buffer.js';
import { registerChild, unregisterChild } from '../engine-client/process-registry.js';
import { repositoryRoot, unplugLauncherPath } from '../engine-client/repository-root.js';
import { InfrastructureError } from '../errors/harness-errors.js';

/** Limits of a reader child. */
export const CDC_READER_LIMITS = Object.freeze({
  /** A change line longer than this (a 1 MiB value twice, JSON-escaped) is garbage. */
  lineCharactersMax: 16 * 1024 * 1024,
  /** A one-shot reader that has not finished in this long is hung. */
  drainTimeoutMs: 60_000,
  stderrTailCharacters: 2000,
});

/** Options of `startCdcReader`. */
export interface CdcReaderOptions {
  readonly directory: string;
  readonly fromLsn: number;
  readonly follow: boolean;
  readonly defects: readonly DefectName[];
  /** Called with each change, in order, until the reader is killed. */
  readonly onChange: (change: Change) => void;
}

/** A running reader. */
export interface CdcReader {
  /** SIGKILLs it; no change is handed over after this. Resolves once it has exited. */
  kill(): Promise<void>;
  /** Resolves when it exits on its own with 0; rejects with an InfrastructureError otherwise. */
  finished(): Promise<void>;
}

/** Starts a reader child. */
export function startCdcReader(options: CdcReaderOptions): CdcReader {
  const args = [unplugLauncherPath(), 'engine', 'cdc', '--dir', options.directory, '--from-lsn', formatLsn(options.fromLsn), '--poll-interval-ms', '5'];
  if (options.follow) args.push('--follow');
  for (const defect of options.defects) args.push('--defect', defect);
  const subprocess = execa(process.execPath, args, {
    cwd: repositoryRoot(),
    env: { NODE_EXTRA_CA_CERTS: undefined },
    extendEnv: true,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    cleanup: true,
    encoding: 'utf8',
    ...(options.follow ? {} : { timeout: CDC_READER_LIMITS.drainTimeoutMs }),
  });
  registerChild(subprocess);
  let killed = false;
  let garbage: string | undefined;
  let stderrTail = '';
  subprocess.stderr?.on('data', (chunk: Buffer | string) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-CDC_READER_LIMITS.stderrTailCharacters);
  });
  const lines = createLineBuffer(CDC_READER_LIMITS.lineCharactersMax, (line) => {
    if (killed || garbage !== undefined) return;
    const change = parseChangeLine(line);
    if (typeof change === 'string') garbage = change;
    else options.onChange(change);
  });
  subprocess.stdout?.on('data', (chunk: Buffer | string) => {
    if (!lines.push(chunk.toString())) garbage ??= `a line longer than ${CDC_READER_LIMITS.lineCharactersMax} characters`;
  });
  const exit = subprocess.then((result) => {
    unregisterChild(subprocess);
    return result;
  });
  return {
    async kill() {
      killed = true;
      subprocess.kill('SIGKILL');
      await exit;
    },
    async finished() {
      const result = await exit;
      const label = `unplug engine cdc --dir ${options.directory} --from-lsn ${formatLsn(options.fromLsn)}`;
      if (garbage !== undefined) throw new InfrastructureError(`${label} printed garbage: ${garbage}`);
      if (result.exitCode !== 0) {
        throw new InfrastructureError(`${label} ${result.timedOut ? `did not finish within ${CDC_READER_LIMITS.drainTimeoutMs} ms` : `exited with ${result.exitCode ?? result.signal}`}; stderr: ${stderrTail.trim() || 'nothing'}`);
      }
    },
  };
}
