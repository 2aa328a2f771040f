// What the protocol layer costs on top of the engine: the same 1,000 concurrent
// commits, once by calling the engine directly and once as JSON lines through
// serveProtocol (split, parse, dispatch, encode). The engine runs on the
// in-memory file system so that syncs do not hide the host's own cost.
import { PassThrough } from 'node:stream';
import { bench, describe } from 'vitest';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';
import { serveProtocol } from './protocol-host.js';

const COMMIT_COUNT = 1000;
const SEGMENT_SIZE_BYTES = 1024 * 1024;

function freshEngine() {
  return openEngine({ directory: '/data', fileSystem: new MemFileSystem(), segmentSizeBytes: SEGMENT_SIZE_BYTES });
}

const requestText = Array.from({ length: COMMIT_COUNT }, (_, index) => `${JSON.stringify({ id: index, type: 'commit', tx: index, writes: [[`key-${index}`, `value-${index}`]] })}\n`).join('');

describe(`${COMMIT_COUNT} concurrent commits, in-memory file system`, () => {
  bench('engine.commit called directly', async () => {
    const engine = freshEngine();
    await Promise.all(Array.from({ length: COMMIT_COUNT }, (_, index) => engine.commit(index, [[`key-${index}`, `value-${index}`]])));
    await engine.close();
  });

  bench('through serveProtocol (JSON lines in, acks out)', async () => {
    const engine = freshEngine();
    const input = new PassThrough();
    let acks = 0;
    const served = serveProtocol(engine, input, (line) => {
      if (line.includes('"ack"')) acks += 1;
    });
    input.end(requestText);
    await served;
    if (acks !== COMMIT_COUNT) throw new Error(`expected ${COMMIT_COUNT} acks, got ${acks}`);
  });
});
