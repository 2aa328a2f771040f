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

  it('throws when the descriptor cannot be written', () => {
    const writeLine = createFileDescriptorLineWriter({ fileDescriptor: 987_654 });
    expect(() => writeLine('x')).toThrow(/EBADF/);
  });
});
