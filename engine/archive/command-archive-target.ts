/**
 * Archiving through a shell command, PostgreSQL's `archive_command`: `%p` is
 * replaced by the segment's path, `%f` by its file name and `%%` by a percent
 * sign; the paths are shell-quoted. Exit status 0 means the copy is durable
 * (the command's promise, as in PostgreSQL); anything else, a signal, or
 * running past the timeout (the command is then killed) is a failed attempt
 * that the archiver retries.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { ARCHIVE_LIMITS } from './archive-settings.js';
import type { ArchiveTarget } from './archive-target.js';

/** Quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Expands `%p`, `%f` and `%%` in an archive command. */
export function expandArchiveCommand(command: string, segmentPath: string, segmentName: string): string {
  return command.replace(/%[pf%]/g, (placeholder) => (placeholder === '%p' ? shellQuote(segmentPath) : placeholder === '%f' ? shellQuote(segmentName) : '%'));
}

/** An `ArchiveTarget` that runs a shell command per segment. */
export class CommandArchiveTarget implements ArchiveTarget {
  readonly kind = 'command';
  private running: ChildProcess | undefined;

  constructor(
    private readonly command: string,
    private readonly timeoutMs: number,
  ) {}

  archive(segmentName: string, segmentPath: string): Promise<void> {
    const commandLine = expandArchiveCommand(this.command, segmentPath, segmentName);
    return new Promise<void>((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', commandLine], { stdio: ['ignore', 'ignore', 'pipe'] });
      this.running = child;
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        if (stderr.length < ARCHIVE_LIMITS.commandOutputBytesMax) stderr += chunk.toString('utf8');
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), this.timeoutMs);
      timer.unref();
      child.on('error', (error) => {
        clearTimeout(timer);
        this.running = undefined;
        reject(new Error(`archive command could not start: ${error.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.running = undefined;
        if (code === 0) {
          resolve();
          return;
        }
        const how = signal !== null ? `was killed by ${signal}` : `exited with status ${code}`;
        const said = stderr.trim().split('\n').at(-1)?.slice(0, 200) ?? '';
        reject(new Error(`archive command for ${segmentName} ${how}${said.length > 0 ? `: ${said}` : ''}`));
      });
    });
  }

  abort(): void {
    this.running?.kill('SIGKILL');
  }
}
