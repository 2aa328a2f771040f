// The host over the real reference engine on the in-memory file system: the
// protocol layer end to end in one process, including a simulated power loss.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FileSystemError, type FileHandle, type FileSystem, type OpenOptions, type SyncKind } from '../fs/file-system.js';
import { ForwardingFileHandle, ForwardingFileSystem } from '../fs/forwarding-file-system.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';
import { serveProtocol } from './protocol-host.js';

const DIRECTORY = '/data';
const SEGMENT_SIZE_BYTES = 4096;

function startSession(fileSystem: FileSystem) {
  const engine = openEngine({ directory: DIRECTORY, fileSystem, segmentSizeBytes: SEGMENT_SIZE_BYTES });
  const input = new PassThrough();
  const responses: Record<string, unknown>[] = [];
  const served = serveProtocol(engine, input, (line) => responses.push(JSON.parse(line) as Record<string, unknown>));
  const send = (...requests: readonly object[]): void => {
    input.write(requests.map((request) => `${JSON.stringify(request)}\n`).join(''));
  };
  return { engine, input, responses, served, send };
}

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 2000 && !condition(); attempt += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe('serveProtocol with the reference engine on MemFileSystem', () => {
  it('commits sent together share group flushes, and every ack survives a power loss', async () => {
    const fileSystem = new MemFileSystem();
    const session = startSession(fileSystem);
    const commitCount = 40;
    // Values large enough that the log crosses several 4 KiB segments.
    session.send(...Array.from({ length: commitCount }, (_, index) => ({ id: index, type: 'commit', tx: index, writes: [[`key-${index}`, `value-${index}-${'x'.repeat(200)}`]] })));
    await waitUntil(() => session.responses.length === commitCount);
    expect(session.responses.every((response) => response['type'] === 'ack')).toBe(true);
    expect(new Set(session.responses.map((response) => response['id'])).size).toBe(commitCount);
    // The host handed the commits over without waiting for each: the engine could batch them.
    expect(session.engine.stats().groupFlushes).toBeLessThan(commitCount);

    // Power loss while the engine is still open: only synced state survives.
    const survivor = fileSystem.crashClone({ unsynced: 'drop' });
    const recovered = startSession(survivor);
    recovered.send({ id: 1, type: 'dump' }, { id: 2, type: 'get', key: 'key-7' }, { id: 3, type: 'close' });
    await recovered.served;
    const [dump, value, ok] = recovered.responses;
    const entries = new Map(dump!['entries'] as [string, string][]);
    for (let index = 0; index < commitCount; index += 1) expect(entries.get(`key-${index}`)).toBe(`value-${index}-${'x'.repeat(200)}`);
    expect(value).toEqual({ id: 2, type: 'value', value: `value-7-${'x'.repeat(200)}` });
    expect(ok).toEqual({ id: 3, type: 'ok' });
    session.input.end();
    await session.served;
  });

  it('after a sync fails: an error response with the code and injected label, then POISONED refusals', async () => {
    const fileSystem = new SyncFailingFileSystem(new MemFileSystem());
    const session = startSession(fileSystem);
    session.send({ id: 1, type: 'commit', tx: 1, writes: [['a', '1']] });
    await waitUntil(() => session.responses.length === 1);
    fileSystem.failSyncs = true;
    session.send({ id: 2, type: 'commit', tx: 2, writes: [['b', '2']] });
    await waitUntil(() => session.responses.length === 2);
    fileSystem.failSyncs = false;
    session.send({ id: 3, type: 'commit', tx: 3, writes: [['c', '3']] });
    await waitUntil(() => session.responses.length === 3);
    expect(session.responses[0]).toMatchObject({ id: 1, type: 'ack', tx: 1 });
    expect(session.responses[1]).toMatchObject({ id: 2, type: 'error', tx: 2, code: 'EIO', injected: true });
    // The engine never retries a failed sync and pretends: later commits are refused.
    expect(session.responses[2]).toMatchObject({ id: 3, type: 'error', tx: 3, code: 'POISONED' });
    session.input.end();
    await session.served;
  });
});

/** A test decorator whose file syncs fail with an injected EIO while `failSyncs` is set. */
class SyncFailingFileSystem extends ForwardingFileSystem {
  failSyncs = false;
  override open(path: string, options?: OpenOptions): FileHandle {
    return new SyncFailingFileHandle(this, this.inner.open(path, options));
  }
}

/** A handle whose syncs fail while its owner's `failSyncs` is set. */
class SyncFailingFileHandle extends ForwardingFileHandle {
  constructor(
    private readonly owner: SyncFailingFileSystem,
    inner: FileHandle,
  ) {
    super(inner);
  }

  override sync(kind: SyncKind): void {
    if (this.owner.failSyncs) throw new FileSystemError('EIO', kind, this.inner.path, true);
    this.inner.sync(kind);
  }
}
