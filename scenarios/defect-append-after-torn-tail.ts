/** Engine defect append-after-torn-tail: needs a second crash to show, so it runs live, chained. */
import type { Scenario } from '../harness/core/scenario.js';

export const defectAppendAfterTornTail = {
  name: 'defect-append-after-torn-tail',
  description: 'Reference engine with defect append-after-torn-tail: after recovering a torn tail it appends behind the torn bytes, so the next crash loses acknowledged commits written after them. Chained live cycles continue from torn states.',
  mode: 'live',
  engine: { kind: 'reference', options: { segmentSizeBytes: 64 * 1024, defects: ['append-after-torn-tail'] } },
  models: ['torn-sectors', 'power-loss-prefix'],
  workload: { operationCount: 16, keyCount: 6, clients: 1, valueSizeBytesMax: 3000 },
  budget: { runs: 6, cyclesPerRun: 4 },
  expected: 'violation',
  expectedProperties: ['P1', 'P2', 'P3', 'P4'],
} as const satisfies Scenario;
