import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileDescriptorLineWriter } from './stdout-line-writer.js';

describe('createFileDescriptorLineWriter', () => {
  const directories: string[] = [];
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('writes each line with its newline before recording it', () => {
    const directory = mkdtempSync(join(tmpdir(), 'unplug-writer-'));
    directories.push(directory);
    const path = join(directory, 'out');
    const fileDescriptor = openSync(path, 'w');
    const recorded: { line: string; onDisk: string }[] = [];
    const writeLine = createFileDescriptorLineWriter({
      fileDescriptor,
      // Reading the file inside the hook proves the line was written before the hook ran.
      recordOutput: (line) => recorded.push({ line, onDisk: readFileSync(path, 'utf8') }),
    });
    writeLine('{"type":"ready"}');
    writeLine('{"id":1,"type":"ack","tx":1,"lsn":"0/0","note":"\u20ac"}');
    closeSync(fileDescriptor);
    expect(readFileSync(path, 'utf8')).toBe('{"type":"ready"}\n{"id":1,"type":"ack","tx":1,"lsn":"0/0","note":"\u20ac"}\n');
    expect(recorded).toEqual([
      { line: '{"type":"ready"}', onDisk: '{"type":"ready"}\n' },
      { line: '{"id":1,"type":"ack","tx":1,"lsn":"0/0","note":"\u20ac"}', onDisk: readFileSync(path, 'utf8') },
    ]);
  });

  it('writes a line longer than the pipe holds whole, through partial writes, multi-byte characters included', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'unplug-writer-'));
    directories.push(directory);
    const path = join(directory, 'out');
    const outputDescriptor = openSync(path, 'w');
    // cat drains the pipe while the writer waits on it: the socket pair's buffer takes a 3 MB line in several partial writes.
    const reader = spawn('cat', [], { stdio: ['pipe', outputDescriptor, 'inherit'] });
    closeSync(outputDescriptor);
    const pipeDescriptor = (reader.stdin as unknown as { _handle: { fd: number } })._handle.fd;
    expect(pipeDescriptor).toBeGreaterThan(2);
    const line = `{"note":"${'\u20ac'.repeat(1_000_000)}"}`;
    createFileDescriptorLineWriter({ fileDescriptor: pipeDescriptor })(line);
    reader.stdin?.end();
    await new Promise((resolve) => reader.on('exit', resolve));
    const written = readFileSync(path, 'utf8');
    // Compared without printing 3 MB on a failure.
    expect(written.length).toBe(line.length + 1);
    expect(written === `${line}\n`).toBe(true);
  });

  it('throws when the descriptor cannot be written', () => {
    const writeLine = createFileDescriptorLineWriter({ fileDescriptor: 987_654 });
    expect(() => writeLine('x')).toThrow(/EBADF/);
  });
});
