/**
 * A replica store: the reference engine following a primary (replica-receiver.ts).
 * It answers reads (`get`, `dump`, `status`) from what it has replayed and
 * refuses commits with READ_ONLY until it is promoted. Promotion (PostgreSQL's
 * pg_promote) stops following, checkpoints at the end of the replicated log,
 * closes the store cleanly, writes the history file of a new timeline that
 * branches there (timeline-history.ts) and reopens the store on it: its new
 * segments carry the new timeline's name, so nothing the old primary wrote
 * past the branch point can ever be replayed here. The order makes a crash
 * during promotion safe: before the history file is durable the store reopens
 * as the replica it was, with everything it had; after, as the new primary.
 */
import { EngineError, type CommitReceipt, type Engine, type EngineOptions, type EngineStats, type PromoteReceipt, type RecoveryReport, type Write } from '../engine-types.js';
import type { WalStatus } from '../archive/archive-settings.js';
import { encodeHistory, historyFileName, readHistory } from '../archive/timeline-history.js';
import { NodeFileSystem } from '../fs/node-file-system.js';
import { installFileAtomically } from '../store/checkpoint-writer.js';
import { Durability, durabilityPolicy } from '../store/durability-policy.js';
import { DefectSet } from '../store/defects.js';
import { openEngine } from '../store/open-engine.js';
import { ReferenceEngine } from '../store/reference-engine.js';
import { formatLsn } from '../wal/lsn.js';
import { ReplicaReceiver } from './replica-receiver.js';

/** Opens the store at `options.directory` (recovering it) and starts following the primary at `primarySocketPath`. */
export function openReplica(options: EngineOptions, primarySocketPath: string): ReplicaEngine {
  if (options.replication !== undefined) throw new EngineError('INVALID_ARGUMENT', 'a replica cannot serve replicas of its own (cascading replication is not supported)');
  const replica = new ReplicaEngine(options, primarySocketPath, openReference(options));
  replica.startFollowing();
  return replica;
}

function openReference(options: EngineOptions): ReferenceEngine {
  const engine = openEngine(options);
  if (!(engine instanceof ReferenceEngine)) throw new EngineError('INVALID_ARGUMENT', 'a replica needs the reference engine');
  return engine;
}

/** The `Engine` of a replica; see the file comment. */
export class ReplicaEngine implements Engine {
  private receiver: ReplicaReceiver | undefined;
  private promoting: Promise<PromoteReceipt> | undefined;
  private promoted = false;

  constructor(
    private readonly options: EngineOptions,
    private readonly primarySocketPath: string,
    private engine: ReferenceEngine,
  ) {}

  get recovery(): RecoveryReport {
    return this.engine.recovery;
  }

  /** Starts the receiver. */
  startFollowing(): void {
    this.receiver = new ReplicaReceiver(this.engine, this.primarySocketPath);
    this.receiver.start();
  }

  commit(tx: number, writes: readonly Write[]): Promise<CommitReceipt> {
    if (!this.promoted) {
      return Promise.reject(new EngineError('READ_ONLY', `this store is a replica of ${this.primarySocketPath}: it refuses commits until it is promoted ({"type":"promote"})`));
    }
    return this.engine.commit(tx, writes);
  }

  get(key: string): string | undefined {
    return this.engine.get(key);
  }

  dump(): readonly (readonly [string, string])[] {
    return this.engine.dump();
  }

  lsn(): string {
    return this.engine.lsn();
  }

  checkpoint(): Promise<void> {
    return this.engine.checkpoint();
  }

  async close(): Promise<void> {
    await this.receiver?.stop();
    await this.promoting?.catch(() => undefined);
    await this.engine.close();
  }

  stats(): EngineStats {
    return this.engine.stats();
  }

  walStatus(): WalStatus {
    const status = this.engine.walStatus();
    return this.receiver === undefined ? status : { ...status, replication: this.receiver.status(this.promoted, this.engine.endLsnValue()) };
  }

  promote(): Promise<PromoteReceipt> {
    this.promoting ??= this.promoteNow();
    return this.promoting;
  }

  private async promoteNow(): Promise<PromoteReceipt> {
    const receiver = this.receiver;
    await receiver?.stop();
    await this.engine.checkpoint();
    const switchLsn = this.engine.endLsnValue();
    const parentTimeline = this.engine.walStatus().timeline;
    await this.engine.close();
    const fileSystem = this.options.fileSystem ?? new NodeFileSystem();
    const history = readHistory(fileSystem, this.options.directory, parentTimeline);
    if (typeof history === 'string') throw new EngineError('CORRUPT', `timeline ${parentTimeline}'s history file is damaged: ${history}`);
    const timeline = parentTimeline + 1;
    const durability = new Durability(fileSystem, durabilityPolicy(this.options.syncMethod ?? 'fdatasync', new DefectSet(this.options.defects)));
    const entries = [...history, { parentTimeline, switchLsn, reason: `promoted replica at ${formatLsn(switchLsn)}` }];
    installFileAtomically(fileSystem, this.options.directory, durability, historyFileName(timeline), Buffer.from(encodeHistory(entries), 'utf8'));
    this.engine = openReference(this.options);
    this.promoted = true;
    return { timeline, lsn: formatLsn(switchLsn) };
  }
}
