import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawFigure } from './bench-figures.js';
import { createRawLoop, RAW_LOOP_LIMITS, runRawSlice } from './raw-sync-ceiling.js';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-raw-test-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe('raw sync loops', () => {
  it('appends B records per sync and accumulates slices', () => {
    const loop = createRawLoop(directory, { placement: 'append', recordsPerSync: 8 }, 100);
    runRawSlice(loop, 15);
    runRawSlice(loop, 15);
    expect(loop.sliceRates).toHaveLength(2);
    expect(loop.histogram.count).toBe(loop.syncs);
    const fileSizeBytes = fs.statSync(path.join(directory, 'raw-append-8x100')).size;
    expect(fileSizeBytes).toBe(loop.syncs * 8 * 100);
    const figure = rawFigure(loop);
    expect(figure.recordsPerSecond).toBeCloseTo(figure.syncsPerSecond * 8, -1);
    expect(figure.sliceSyncsPerSecond.min).toBeLessThanOrEqual(figure.sliceSyncsPerSecond.max);
  });

  it('overwrites preallocated space without growing the file', () => {
    const loop = createRawLoop(directory, { placement: 'overwrite', recordsPerSync: 1 }, 100);
    runRawSlice(loop, 15);
    expect(loop.syncs).toBeGreaterThan(0);
    expect(fs.statSync(path.join(directory, 'raw-overwrite-1x100')).size).toBe(RAW_LOOP_LIMITS.overwriteRegionBytes);
  });
});
