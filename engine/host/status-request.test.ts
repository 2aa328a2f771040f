import { describe, expect, it } from 'vitest';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';
import { encodeResponse } from './encode-response.js';
import { parseRequestLine } from './parse-request-line.js';
import type { Response } from './protocol.js';
import { runRequest } from './run-request.js';

describe('the status request (WAL on disk and archive progress)', () => {
  it('parses {"id","type":"status"}', () => {
    expect(parseRequestLine('{"id":9,"type":"status"}')).toEqual({ kind: 'request', request: { type: 'status', id: 9 } });
  });

  it('encodes its golden line in the documented field order', () => {
    expect(
      encodeResponse({
        type: 'status',
        id: 4,
        walBytes: 8192,
        endLsn: '0/1A40',
        timeline: 2,
        segmentsOnDisk: 2,
        archive: { lastError: 'EIO: write /a/x', failuresInARow: 3, segmentsArchived: 1, lastArchivedSegment: '000000020000000000000001', lagSeconds: 1.5, lagBytes: 4096, segmentsWaiting: 1, destination: 'directory' },
      }),
    ).toBe(
      '{"id":4,"type":"status","timeline":2,"endLsn":"0/1A40","walBytes":8192,"segmentsOnDisk":2,"archive":{"destination":"directory","segmentsWaiting":1,"lagBytes":4096,"lagSeconds":1.5,"lastArchivedSegment":"000000020000000000000001","segmentsArchived":1,"failuresInARow":3,"lastError":"EIO: write /a/x"}}',
    );
    expect(encodeResponse({ type: 'status', id: 5, walBytes: 0, endLsn: '0/0', timeline: 1, segmentsOnDisk: 0, archive: null })).toBe(
      '{"id":5,"type":"status","timeline":1,"endLsn":"0/0","walBytes":0,"segmentsOnDisk":0,"archive":null}',
    );
  });

  it('answers from the reference engine at once', async () => {
    const engine = openEngine({ directory: '/db', fileSystem: new MemFileSystem(), segmentSizeBytes: 4096 });
    await engine.commit(1, [['k', 'v'.repeat(5000)]]);
    const sent: Response[] = [];
    expect(runRequest(engine, { type: 'status', id: 3 }, (response) => sent.push(response))).toBeUndefined();
    expect(sent).toEqual([{ type: 'status', id: 3, timeline: 1, endLsn: engine.lsn(), walBytes: 2 * 4096, segmentsOnDisk: 2, archive: null }]);
    await engine.close();
  });
});
