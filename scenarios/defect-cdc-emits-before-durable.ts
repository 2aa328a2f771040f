/** Reader defect cdc-emits-before-durable: a CDC reader that emits unsynced commits; C1 must catch it. */
import type { Scenario } from '../harness/core/scenario.js';
import { CDC_ENGINE, CDC_WORKLOAD } from './cdc-crash.js';

export const defectCdcEmitsBeforeDurable = {
  name: 'defect-cdc-emits-before-durable',
  description:
    'The cdc-crash setup with a reader that ignores the published flush LSN: it emits commits the primary wrote but had not synced, and a power cut takes them back. C1 must report the phantom change.',
  mode: 'cdc',
  engine: { kind: 'reference', options: { ...CDC_ENGINE, defects: ['cdc-emits-before-durable'] } },
  // Power loss only: the unsynced commits the reader emitted are lost at every crash between a WAL write and its sync.
  models: ['power-loss'],
  workload: { ...CDC_WORKLOAD, operationCount: 16 },
  budget: { runs: 3, cyclesPerRun: 6 },
  expected: 'violation',
  expectedProperties: ['C1'],
} as const satisfies Scenario;
