/** Change data capture across primary and consumer crashes: the stream must be exactly the committed sequence (C1). */
import type { Scenario } from '../harness/core/scenario.js';

/** The primary of the cdc scenarios: small segments (the reader crosses many), no checkpoint (the whole log stays the truth). */
export const CDC_ENGINE = { segmentSizeBytes: 16 * 1024, checkpointWalBytes: 1024 * 1024 * 1024 } as const;
/** Commits from two clients, values up to 1.5 KB: a cycle's log spans several segments. */
export const CDC_WORKLOAD = { operationCount: 24, keyCount: 6, clients: 2, valueSizeBytesMax: 1500, deleteFraction: 0.15 } as const;

export const cdcCrash = {
  name: 'cdc-crash',
  description:
    'Reference engine publishing its flush LSN, followed by a real `unplug engine cdc --follow` child; the primary is SIGKILLed at a seeded operation and its disk cut under power-loss, power-loss-prefix or process-crash, the consumer is SIGKILLed mid-stream and resumes from its confirmed LSN, four cycles per run. The stream must be exactly the recovered committed sequence (C1).',
  mode: 'cdc',
  engine: { kind: 'reference', options: CDC_ENGINE },
  models: ['power-loss', 'power-loss-prefix', 'process-crash'],
  workload: CDC_WORKLOAD,
  budget: { runs: 2, cyclesPerRun: 4 },
  expected: 'durable',
} as const satisfies Scenario;
