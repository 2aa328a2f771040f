import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEngine } from '../index.js';

describe('the engine on the real file system', () => {
  let directory: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-engine-'));
  });
  afterEach(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('commits, checkpoints, recycles and recovers across reopen', async () => {
    const options = { directory, segmentSizeBytes: 4096, checkpointWalBytes: 8192 };
    const engine = openEngine(options);
    for (let tx = 0; tx < 40; tx += 1) await engine.commit(tx, [[`k${tx % 7}`, `v${tx}`.repeat(100)], ['gone', null]]);
    await engine.checkpoint();
    await engine.commit(40, [['last', 'value']]);
    const expected = engine.dump();
    expect(engine.stats().checkpoints).toBeGreaterThanOrEqual(2);
    await engine.close();
    const names = fs.readdirSync(directory);
    expect(names).toContain('unplug.control');
    expect(names.filter((name) => /^[0-9A-F]{24}$/.test(name)).every((name) => fs.statSync(path.join(directory, name)).size === 4096)).toBe(true);
    expect(names.some((name) => name.endsWith('.tmp'))).toBe(false);

    const reopened = openEngine(options);
    expect(reopened.dump()).toEqual(expected);
    expect(reopened.recovery.commitsReplayed).toBe(1);
    await reopened.close();
  });

  it('reports a corrupt record in the middle of a real segment file with its name and offset', async () => {
    const engine = openEngine({ directory, segmentSizeBytes: 4096 });
    await engine.commit(1, [['a', '1']]);
    const middle = await engine.commit(2, [['b', '2']]);
    await engine.commit(3, [['c', '3']]);
    await engine.close();
    const offsetBytes = Number.parseInt(middle.lsn.split('/')[1] ?? '', 16) - 4096;
    const file = path.join(directory, '000000010000000000000001');
    const handle = fs.openSync(file, 'r+');
    fs.writeSync(handle, Buffer.from([0xde, 0xad]), 0, 2, offsetBytes + 30);
    fs.closeSync(handle);
    expect(() => openEngine({ directory, segmentSizeBytes: 4096 })).toThrow(
      expect.objectContaining({ code: 'CORRUPT', details: { segment: '000000010000000000000001', offsetBytes } }),
    );
  });
});
