/**
 * A small campaign report for the renderer tests: a durable baseline, a
 * scenario that lost an acknowledged commit (with a timeline of writes, syncs,
 * acks, a fault and the crash), a defect caught as expected, and a defect that
 * went undetected. Engine-supplied strings are hostile on purpose.
 */
import type { CampaignReport, ScenarioReport, TimelineEvent, Violation } from '../report-types.js';

/** A string with every character class the markup and terminal renderers must neutralise. */
export const HOSTILE_TEXT = `<script>alert("x")</script> & 'quoted' \u0007bell \u001b[31mred\u001b[0m`;

/** The timeline of the violating crash state: two writes survive, one is lost, the crash cuts after the ack. */
export const SAMPLE_TIMELINE: readonly TimelineEvent[] = [
  { index: 0, kind: 'create', path: 'pg_wal/000000010000000000000001', detail: 'segment created', survived: true },
  { index: 1, kind: 'write', path: 'pg_wal/000000010000000000000001', detail: '128 bytes at 0', survived: true },
  { index: 2, kind: 'sync', path: 'pg_wal/000000010000000000000001', detail: 'fdatasync' },
  { index: 3, kind: 'sync-directory', path: 'pg_wal', detail: 'directory fsync' },
  { index: 4, kind: 'ack', detail: 'tx 1 at 0/80' },
  { index: 5, kind: 'write', path: 'pg_wal/000000010000000000000001', detail: '4096 bytes at 128', survived: false },
  { index: 6, kind: 'fault', path: 'pg_wal/000000010000000000000001', detail: 'injected EIO on fsync' },
  { index: 7, kind: 'ack', detail: 'tx 2 at 0/1080' },
  { index: 8, kind: 'write', path: `data/<evil & "file">`, detail: '16 bytes at 0', survived: true },
  { index: 9, kind: 'crash', detail: 'power-loss after operation 8' },
];

/** The violation the failing scenario reports. */
export const SAMPLE_VIOLATION: Violation = {
  property: 'P1',
  replay: `unplug replay --scenario skip-dir-sync --seed 42 --fault power-loss --at 8 --mask 'w5=0'`,
  message: `acknowledged commit tx 2 is missing: key ${HOSTILE_TEXT} has no value`,
  faultModel: 'power-loss',
  seed: 42,
  crashPoint: { operationIndex: 8, description: 'after operation 8 of 9' },
  tx: 2,
  key: HOSTILE_TEXT,
  expectedValue: 'v2',
  actualValue: null,
  mask: 'w5=0',
  timeline: SAMPLE_TIMELINE,
};

const SMALL_COUNTS = { runs: 2, crashes: 2, crashStates: 120, commitsAcked: 30 } as const;

/** The four scenarios of the sample campaign. */
export const SAMPLE_SCENARIOS: readonly ScenarioReport[] = [
  { name: 'baseline-power-loss', description: 'the correct engine under power loss', expected: 'durable', verdict: 'durable', violations: [], violationCount: 0, counts: { runs: 4, crashes: 4, crashStates: 10_240, commitsAcked: 812 }, durationMs: 1500, replay: 'unplug crash --scenario baseline-power-loss --seed 42' },
  { name: 'skip-dir-sync', description: `defect ${HOSTILE_TEXT}`, expected: 'durable', verdict: 'violation', violations: [SAMPLE_VIOLATION, { ...SAMPLE_VIOLATION, property: 'P3', message: 'hole in the commit order at tx 2', timeline: undefined }], violationCount: 7, counts: SMALL_COUNTS, durationMs: 250, replay: 'unplug crash --scenario skip-dir-sync --seed 42' },
  { name: 'fsync-off', description: 'sync method off', expected: 'violation', verdict: 'violation', expectedProperties: ['P1', 'A1'], violations: [{ ...SAMPLE_VIOLATION, property: 'A1', message: 'tx 1 acknowledged while unsynced', timeline: undefined }], violationCount: 3, counts: SMALL_COUNTS, durationMs: 300, replay: 'unplug crash --scenario fsync-off --seed 42' },
  { name: 'ack-before-sync', description: 'acknowledges before the WAL is flushed', expected: 'violation', verdict: 'durable', expectedProperties: ['A1'], violations: [], violationCount: 0, counts: SMALL_COUNTS, durationMs: 200, replay: 'unplug crash --scenario ack-before-sync --seed 42' },
];

/** The sample campaign: it fails, because two scenarios did not come out as expected. */
export const SAMPLE_REPORT: CampaignReport = {
  tool: 'unplug',
  command: 'crash',
  seed: 42,
  verdict: 'fail',
  scenarios: SAMPLE_SCENARIOS,
  counts: { runs: 10, crashes: 10, crashStates: 10_600, commitsAcked: 902 },
  rates: { crashesPerSecond: 4.3, crashStatesPerSecond: 4608.7 },
  durationMs: 2300,
  engine: 'reference',
  replay: 'unplug crash --seed 42 --shard 2/4',
  shard: '2/4',
};

/** A campaign where every scenario came out as expected. */
export const PASSING_REPORT: CampaignReport = {
  ...SAMPLE_REPORT,
  verdict: 'pass',
  scenarios: [SAMPLE_SCENARIOS[0]!, SAMPLE_SCENARIOS[2]!],
  shard: undefined,
  replay: 'unplug crash --seed 42',
};
