/**
 * The scenario registry: every named scenario, in catalogue order (baselines
 * first). `unplug scenarios` lists it; `unplug crash` runs the baselines by default.
 */
import type { Scenario } from '../harness/core/scenario.js';
import { archiveCommandFails } from './archive-command-fails.js';
import { archivePowerLoss } from './archive-power-loss.js';
import { baselineBitrot } from './baseline-bitrot.js';
import { baselineLive } from './baseline-live.js';
import { baselinePowerLoss } from './baseline-power-loss.js';
import { baselinePowerLossBlocks } from './baseline-power-loss-blocks.js';
import { baselinePowerLossPrefix } from './baseline-power-loss-prefix.js';
import { baselineProcessCrash } from './baseline-process-crash.js';
import { baselineTornSectors } from './baseline-torn-sectors.js';
import { cdcCrash } from './cdc-crash.js';
import { checkpointRecycling } from './checkpoint-recycling.js';
import { clients64 } from './clients-64.js';
import { defectAckBeforeReplicaFlush } from './defect-ack-before-replica-flush.js';
import { defectAckBeforeSync } from './defect-ack-before-sync.js';
import { defectAppendAfterTornTail } from './defect-append-after-torn-tail.js';
import { defectArchiveRenameWithoutDirSync } from './defect-archive-rename-without-dir-sync.js';
import { defectCdcEmitsBeforeDurable } from './defect-cdc-emits-before-durable.js';
import { defectRecycleBeforeArchived } from './defect-recycle-before-archived.js';
import { defectRecycleBeforeCheckpointSync } from './defect-recycle-before-checkpoint-sync.js';
import { defectRetryFsyncAfterError } from './defect-retry-fsync-after-error.js';
import { defectSkipChecksum } from './defect-skip-checksum.js';
import { defectSkipDirSync } from './defect-skip-dir-sync.js';
import { defectSkipSyncAfterZeroingTornTail } from './defect-skip-sync-after-zeroing-torn-tail.js';
import { eioFsync } from './eio-fsync.js';
import { enospc } from './enospc.js';
import { forgetfulEngine } from './forgetful-engine.js';
import { failoverAsync } from './failover-async.js';
import { failoverSync } from './failover-sync.js';
import { fsyncOff } from './fsync-off.js';
import { pitrRandomTarget } from './pitr-random-target.js';
import { adapterPowerLoss } from './adapter-power-loss.js';
import { sqliteSynchronousOff } from './sqlite-synchronous-off.js';
import { sqliteWalFull } from './sqlite-wal-full.js';
import { syncMethodFdatasync } from './sync-method-fdatasync.js';
import { syncMethodFsync } from './sync-method-fsync.js';
import { syncMethodOpenDatasync } from './sync-method-open-datasync.js';
import { syncMethodOpenSync } from './sync-method-open-sync.js';
import { tinySegments } from './tiny-segments.js';

/** Every scenario, baselines first. */
export const SCENARIOS: readonly Scenario[] = [
  baselineProcessCrash,
  baselinePowerLoss,
  baselinePowerLossPrefix,
  baselinePowerLossBlocks,
  baselineTornSectors,
  baselineBitrot,
  baselineLive,
  syncMethodFdatasync,
  syncMethodFsync,
  syncMethodOpenDatasync,
  syncMethodOpenSync,
  clients64,
  tinySegments,
  checkpointRecycling,
  fsyncOff,
  defectAckBeforeSync,
  defectSkipDirSync,
  defectSkipChecksum,
  defectRetryFsyncAfterError,
  defectRecycleBeforeCheckpointSync,
  defectAppendAfterTornTail,
  defectSkipSyncAfterZeroingTornTail,
  eioFsync,
  enospc,
  forgetfulEngine,
  archivePowerLoss,
  pitrRandomTarget,
  archiveCommandFails,
  defectRecycleBeforeArchived,
  defectArchiveRenameWithoutDirSync,
  // Streaming replication and failover (harness/cluster/).
  failoverSync,
  failoverAsync,
  defectAckBeforeReplicaFlush,
  // Change data capture (harness/cdc/).
  cdcCrash,
  defectCdcEmitsBeforeDurable,
  // Real engines under the native shim (examples/adapters).
  sqliteWalFull,
  sqliteSynchronousOff,
  adapterPowerLoss,
];

/** The scenario named `name`, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}

/** The default campaign of `unplug crash`. */
export function baselineScenarios(): readonly Scenario[] {
  return SCENARIOS.filter((scenario) => scenario.baseline === true);
}
