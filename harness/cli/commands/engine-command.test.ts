// Runs `unplug engine` as a real child process (compiled, from dist/). The
// beforeAll rebuilds dist/ only when it is older than the sources, so the file
// also runs correctly on its own, outside `npm test` (which builds first).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../trace/trace-reader.js';
import { readRecordHeader, recordChecksumMatches, RECORD_FORMAT } from '../../../engine/wal/record-format.js';
import { EngineChild } from './test-support/engine-child.js';
import { ensureFreshBuild } from './test-support/ensure-fresh-build.js';

const SEGMENT_NAME = /^[0-9A-F]{24}$/;
const directories: string[] = [];

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'unplug-engine-command-'));
  directories.push(directory);
  return directory;
}

const commit = (id: number, tx: number, writes: readonly (readonly [string, string | null])[]) => ({ id, type: 'commit', tx, writes });

beforeAll(async () => {
  await ensureFreshBuild();
}, 200_000);

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('unplug engine (child process)', () => {
  it('acked commits survive kill -9: concurrent and sequential commits, restart, dump', async () => {
    const directory = temporaryDirectory();
    const flags = ['--dir', directory, '--segment-size', '8k'];
    const first = EngineChild.start(flags);
    expect(await first.nextLine()).toMatchObject({ type: 'ready', recovery: { outcome: 'empty', commitsReplayed: 0 } });

    // Twenty commits in one write: the host must take them all before any is acked.
    const concurrentIds = Array.from({ length: 20 }, (_, index) => index + 1);
    first.send(...concurrentIds.map((id) => commit(id, id, [[`key-${id}`, `value-${id}-${'x'.repeat(100)}`]])));
    const concurrentAnswers = await first.responsesFor(concurrentIds);
    for (const id of concurrentIds) expect(concurrentAnswers.get(id)).toMatchObject({ type: 'ack', tx: id, lsn: expect.stringMatching(/^[0-9A-F]+\/[0-9A-F]+$/) });

    // Sequential overwrites (each acked before the next is sent), a delete and a checkpoint.
    for (let round = 1; round <= 5; round += 1) {
      first.send(commit(100 + round, 100 + round, [['counter', String(round)]]));
      expect(await first.nextLine()).toMatchObject({ id: 100 + round, type: 'ack', tx: 100 + round });
    }
    first.send(commit(200, 200, [['key-1', null]]), { id: 201, type: 'checkpoint' });
    const afterCheckpoint = await first.responsesFor([200, 201]);
    expect(afterCheckpoint.get(200)).toMatchObject({ type: 'ack' });
    expect(afterCheckpoint.get(201)).toEqual({ id: 201, type: 'ok' });
    first.send({ id: 202, type: 'get', key: 'counter' }, { id: 203, type: 'get', key: 'key-1' });
    expect(await first.responsesFor([202, 203])).toEqual(
      new Map([
        [202, { id: 202, type: 'value', value: '5' }],
        [203, { id: 203, type: 'value', value: null }],
      ]),
    );

    // More commits in flight, then kill -9 without waiting. Every ack that reached the pipe counts.
    const lateIds = Array.from({ length: 10 }, (_, index) => 300 + index);
    first.send(...lateIds.map((id) => commit(id, id, [[`late-${id}`, `v${id}`]])));
    const lateAcked = new Set<number>();
    const firstLate = await first.nextLine();
    if (firstLate['type'] === 'ack') lateAcked.add(firstLate['id'] as number);
    const killed = await first.kill();
    expect(killed.signal).toBe('SIGKILL');
    // Acks still in the pipe were sent before the kill: they count as acknowledged too.
    for (;;) {
      const line = await first.nextLine().catch(() => undefined);
      if (line === undefined) break;
      if (line['type'] === 'ack') lateAcked.add(line['id'] as number);
    }

    const second = EngineChild.start(flags);
    const ready = await second.nextLine();
    expect(ready).toMatchObject({ type: 'ready' });
    second.send({ id: 1, type: 'dump' });
    const dump = await second.nextLine();
    const entries = new Map(dump['entries'] as [string, string][]);
    for (const id of concurrentIds.filter((id) => id !== 1)) expect(entries.get(`key-${id}`)).toBe(`value-${id}-${'x'.repeat(100)}`);
    expect(entries.has('key-1')).toBe(false);
    expect(entries.get('counter')).toBe('5');
    for (const id of lateAcked) expect(entries.get(`late-${id}`)).toBe(`v${id}`);
    // Unacknowledged commits may go either way, but never with a value nobody wrote.
    for (const id of lateIds) if (entries.has(`late-${id}`)) expect(entries.get(`late-${id}`)).toBe(`v${id}`);

    second.send({ id: 2, type: 'close' });
    expect(await second.nextLine()).toEqual({ id: 2, type: 'ok' });
    expect(await second.exit()).toMatchObject({ exitCode: 0 });
  });

  it('a malformed line gets an error response and the host keeps serving; end of input exits 0', async () => {
    const child = EngineChild.start(['--dir', temporaryDirectory(), '--segment-size', '64k']);
    expect(await child.nextLine()).toMatchObject({ type: 'ready' });
    child.send('this is not json', '{"id":1,"type":"commit","tx":1,"writes":"k=v"}', commit(2, 2, [['k', 'v']]));
    expect(await child.nextLine()).toMatchObject({ id: null, type: 'error', code: 'BAD_REQUEST', message: expect.stringMatching(/not JSON/) });
    expect(await child.nextLine()).toMatchObject({ id: 1, type: 'error', tx: 1, code: 'BAD_REQUEST', message: expect.stringMatching(/"writes" must be an array/) });
    expect(await child.nextLine()).toMatchObject({ id: 2, type: 'ack', tx: 2 });
    child.endInput();
    expect(await child.exit()).toMatchObject({ exitCode: 0 });
  });

  it('a corrupt record in the middle of a segment gives a fatal CORRUPT line naming segment and offset, and exit 1', async () => {
    const directory = temporaryDirectory();
    const flags = ['--dir', directory, '--segment-size', '64k'];
    const writer = EngineChild.start(flags);
    expect(await writer.nextLine()).toMatchObject({ type: 'ready' });
    // Sequential commits: each its own flush and sync, so later valid records prove the early one was synced.
    for (let id = 1; id <= 6; id += 1) {
      writer.send(commit(id, id, [[`key-${id}`, `value-${id}`]]));
      expect(await writer.nextLine()).toMatchObject({ id, type: 'ack' });
    }
    await writer.kill();

    const { segmentPath, recordOffsetBytes } = findFirstRecord(directory);
    const bytes = readFileSync(segmentPath);
    const payloadOffsetBytes = recordOffsetBytes + RECORD_FORMAT.headerBytes;
    bytes[payloadOffsetBytes] = bytes[payloadOffsetBytes]! ^ 0xff;
    writeFileSync(segmentPath, bytes);

    const reader = EngineChild.start(flags);
    const fatal = await reader.nextLine();
    const segmentName = segmentPath.slice(segmentPath.lastIndexOf('/') + 1);
    expect(fatal).toMatchObject({ type: 'fatal', code: 'CORRUPT', segment: expect.stringContaining(segmentName), offsetBytes: expect.any(Number) });
    expect(fatal['message']).toContain(segmentName);
    expect(fatal['offsetBytes']).toBeLessThanOrEqual(payloadOffsetBytes);
    expect(await reader.exit()).toMatchObject({ exitCode: 1 });
  });

  it('under UNPLUG_SHIM, records each output line in the trace after the operations before it', async () => {
    const directory = temporaryDirectory();
    const tracePath = join(temporaryDirectory(), 'trace.bin');
    const child = EngineChild.start(['--dir', directory, '--segment-size', '64k'], { UNPLUG_SHIM: JSON.stringify({ root: directory, tracePath, seed: 7 }) });
    expect(await child.nextLine()).toMatchObject({ type: 'ready' });
    child.send(commit(1, 1, [['k', 'v']]));
    expect(await child.nextLine()).toMatchObject({ id: 1, type: 'ack' });
    child.send({ id: 2, type: 'close' });
    expect(await child.nextLine()).toEqual({ id: 2, type: 'ok' });
    expect(await child.exit()).toMatchObject({ exitCode: 0 });

    const records = readTrace(tracePath).records;
    const outputs = records.flatMap((record, index) => (record.kind === 'output' ? [{ index, line: JSON.parse(record.line) as Record<string, unknown> }] : []));
    expect(outputs.map((output) => output.line['type'])).toEqual(['ready', 'ack', 'ok']);
    // The ack is recorded after a sync: what the trace calls acknowledged had been made durable first.
    const ackIndex = outputs[1]!.index;
    expect(records.slice(0, ackIndex).some((record) => record.kind === 'sync' || (record.kind === 'write' && record.syncMode !== 'none'))).toBe(true);
  });

  it('an unknown option exits 2 with a message naming it', async () => {
    const child = EngineChild.start(['--dir', temporaryDirectory(), '--sync-mode', 'fsync']);
    const exit = await child.exit();
    expect(exit.exitCode).toBe(2);
    expect(exit.stderr).toMatch(/--sync-mode/);
  });

  it('bad values and a malformed UNPLUG_SHIM exit 2 naming the problem', async () => {
    const cases: readonly (readonly [argv: readonly string[], environment: Readonly<Record<string, string>>, message: RegExp])[] = [
      [['--dir', temporaryDirectory(), '--sync-method', 'fsink'], {}, /--sync-method must be one of .*got 'fsink'/],
      [['--dir', temporaryDirectory(), '--segment-size', '5000'], {}, /--segment-size must be a power of two.*got '5000'/],
      [['--dir', temporaryDirectory(), '--defect', 'lose-everything'], {}, /--defect must be one of .*got 'lose-everything'/],
      [['--sync-method', 'fsync'], {}, /--dir <path> is required/],
      [['--dir', temporaryDirectory()], { UNPLUG_SHIM: '{"root":' }, /UNPLUG_SHIM is not valid JSON/],
      [['--dir', temporaryDirectory()], { UNPLUG_SHIM: '{"root":"/tmp/x"}' }, /UNPLUG_SHIM needs an integer "seed"/],
      [['--dir', temporaryDirectory()], { UNPLUG_SHIM: '{"root":"/tmp/x","seed":1,"faults":[{"kind":"eio-fsync","target":{"probability":2}}]}' }, /UNPLUG_SHIM: shim config: .*probability 2/],
    ];
    const exits = await Promise.all(cases.map(([argv, environment]) => EngineChild.start(argv, environment).exit()));
    for (const [index, exit] of exits.entries()) {
      expect(exit.exitCode).toBe(2);
      expect(exit.stderr).toMatch(cases[index]![2]);
    }
  });

  it('--help prints the options and exits 0', async () => {
    const child = EngineChild.start(['--help']);
    const line = await child.nextLine().catch(() => undefined);
    // The help is text, not a protocol line; nextLine cannot parse it.
    expect(line).toBeUndefined();
    expect(await child.exit()).toMatchObject({ exitCode: 0 });
  });
});

/** The first segment (by name) and the offset of its first valid record. */
function findFirstRecord(directory: string): { segmentPath: string; recordOffsetBytes: number } {
  const segments = listFiles(directory).filter((path) => SEGMENT_NAME.test(path.slice(path.lastIndexOf('/') + 1)));
  segments.sort((left, right) => left.slice(left.lastIndexOf('/') + 1).localeCompare(right.slice(right.lastIndexOf('/') + 1)));
  for (const segmentPath of segments) {
    const bytes = readFileSync(segmentPath);
    for (let offsetBytes = 0; offsetBytes + RECORD_FORMAT.headerBytes <= bytes.length; offsetBytes += RECORD_FORMAT.alignmentBytes) {
      const header = readRecordHeader(bytes, offsetBytes);
      if (header.type !== undefined && header.totalLengthBytes > RECORD_FORMAT.headerBytes && offsetBytes + header.totalLengthBytes <= bytes.length && recordChecksumMatches(bytes, offsetBytes, header)) {
        return { segmentPath, recordOffsetBytes: offsetBytes };
      }
    }
  }
  throw new Error(`no valid WAL record found under ${directory}`);
}

function listFiles(directory: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) files.push(...listFiles(path));
    else files.push(path);
  }
  return files;
}
