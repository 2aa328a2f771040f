// A commit whose key or value is not well-formed UTF-16 (a lone surrogate sent
// as a JSON escape) is refused at the door by the host as by the library: a
// BAD_REQUEST response naming the field, nothing acknowledged, no two keys merged.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';
import { serveProtocol } from './protocol-host.js';

describe('the host refuses strings that cannot round-trip', () => {
  it('answers an error naming the field and keeps serving', async () => {
    const fileSystem = new MemFileSystem();
    const engine = openEngine({ directory: '/data', fileSystem, segmentSizeBytes: 4096 });
    const input = new PassThrough();
    const responses: Record<string, unknown>[] = [];
    const served = serveProtocol(engine, input, (line) => responses.push(JSON.parse(line) as Record<string, unknown>));
    // Written by hand: the JSON escapes decode to a lone high and a lone low surrogate.
    input.write('{"id":1,"type":"commit","tx":1,"writes":[["\\ud800","a"]]}\n');
    input.write('{"id":2,"type":"commit","tx":2,"writes":[["k","ok"],["\\udc00x","b"]]}\n');
    input.write('{"id":3,"type":"commit","tx":3,"writes":[["k","v\\ud83d\\ude00"]]}\n');
    input.write('{"id":5,"type":"close"}\n');
    await served;
    const byId = new Map(responses.map((response) => [response['id'], response]));
    expect(byId.get(1)).toMatchObject({ type: 'error', tx: 1, code: 'BAD_REQUEST', message: expect.stringMatching(/writes\[0\]\[0\] \(the key\) .*lone surrogate U\+D800/) });
    expect(byId.get(2)).toMatchObject({ type: 'error', tx: 2, code: 'BAD_REQUEST', message: expect.stringMatching(/writes\[1\]\[0\] \(the key\) .*lone surrogate U\+DC00/) });
    // A proper surrogate pair is an ordinary character.
    expect(byId.get(3)).toMatchObject({ type: 'ack', tx: 3 });
    expect(byId.get(5)).toMatchObject({ type: 'ok' });
    expect(openEngine({ directory: '/data', fileSystem, segmentSizeBytes: 4096 }).dump()).toEqual([['k', 'v😀']]);
  });
});
