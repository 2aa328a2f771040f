import { describe, expect, it } from 'vitest';
import type { BenchResult, RawFigure } from '../../reports/bench/bench-report.js';
import { benchRatios } from './bench-figures.js';

const RAW: RawFigure = { placement: 'append', recordsPerSync: 1, syncsPerSecond: 2000, recordsPerSecond: 2000, latencyUs: { p50: 1, p99: 1, p999: 1 }, sliceSyncsPerSecond: { min: 1, median: 1, max: 1 }, slices: 1 };
const OVERWRITE: RawFigure = { ...RAW, placement: 'overwrite', syncsPerSecond: 4000, recordsPerSecond: 4000 };
const GROUP64: RawFigure = { ...RAW, recordsPerSync: 64, syncsPerSecond: 1000, recordsPerSecond: 64_000 };
const CEILINGS = { rawAppend: RAW, rawOverwrite: OVERWRITE, rawGroup64: GROUP64 };

function result(driver: BenchResult['driver'], clients: number, commitsPerSecond: number, overrides: Partial<BenchResult> = {}): BenchResult {
  return { syncMethod: 'fdatasync', clients, recordSizeBytes: 100, driver, durable: true, commitsPerSecond, latencyUs: { p50: 1, p99: 1, p999: 1 }, commitsPerSync: clients, commits: 1, cpuUsPerCommit: null, latencyCdfUs: [], ...overrides };
}

describe('benchRatios', () => {
  it('divides the fdatasync small-record cells as documented', () => {
    const ratios = benchRatios([result('in-process', 1, 1800), result('in-process', 64, 45_000), result('child-process', 1, 1000), result('child-process', 64, 20_000)], CEILINGS);
    expect(ratios).toEqual({ singleClientVsRaw: 0.9, singleClientVsRawOverwrite: 0.45, groupScaling64: 25, group64VsCeiling: 0.703, hostRoundTripVsEcho: null, commitsPerSync64: 64, childSingleClientVsRaw: 0.5, childGroupScaling64: 20, source: 'matrix-cells' });
  });

  it('takes the median of the paired rounds when there are any, so one noisy round does not move it', () => {
    const round = (raw: number, single: number, grouped: number, hostUs: number) => ({
      rawAppendSyncsPerSecond: raw,
      rawOverwriteSyncsPerSecond: raw * 2,
      rawGroup64RecordsPerSecond: raw * 50,
      singleClientCommitsPerSecond: single,
      clients64CommitsPerSecond: grouped,
      singleClientCpuUsPerCommit: null,
      clients64CpuUsPerCommit: null,
      hostRoundTripUs: hostUs,
      echoRoundTripUs: 100,
    });
    const rounds = [round(2000, 1800, 40_000, 120), round(1000, 1900, 50_000, 900), round(2000, 1700, 30_000, 110)];
    const ratios = benchRatios([result('in-process', 1, 99), result('in-process', 64, 99)], CEILINGS, rounds);
    expect(ratios).toMatchObject({ source: 'paired-rounds', singleClientVsRaw: 0.9, singleClientVsRawOverwrite: 0.45 });
    expect(ratios.groupScaling64).toBeCloseTo(22.222, 3);
    // 40k/100k, 50k/50k, 30k/100k: the median is 0.4; one slow round-trip round (9x) does not move 1.2x.
    expect(ratios).toMatchObject({ group64VsCeiling: 0.4, hostRoundTripVsEcho: 1.2 });
  });

  it('ignores other sync methods and record sizes, and says null when a cell is missing', () => {
    const ratios = benchRatios([result('in-process', 1, 1800), result('in-process', 64, 99_999, { syncMethod: 'off' }), result('in-process', 64, 99_999, { recordSizeBytes: 8192 })], CEILINGS);
    expect(ratios.singleClientVsRaw).toBe(0.9);
    expect(ratios.groupScaling64).toBeNull();
    expect(ratios.childSingleClientVsRaw).toBeNull();
  });
});
