/**
 * The primary's side of streaming replication: a unix-socket server that
 * serves one replica at a time (wire format: replication-wire.ts). On a hello
 * it checks the replica's version, segment size and timeline, sends every
 * commit from the replica's flushed LSN to the durable end read back from the
 * WAL (or the archive), then each group flush as it becomes locally durable.
 *
 * Synchronous mode holds each flushed batch's acknowledgements until the
 * replica's feedback says it flushed past the batch's end (PostgreSQL's
 * synchronous_commit=on with a synchronous standby); with no replica connected
 * commits wait, at most `synchronousWaitMs`, then fail REPLICA_TIMEOUT (the
 * commit is durable locally, so its fate is unknown, not "not committed").
 * The `ackOnSend` defect releases them once the batch is handed to the socket.
 */
import { lstatSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { EngineError } from '../engine-types.js';
import { formatLsn, type Lsn } from '../wal/lsn.js';
import type { ReplicatedCommit, ReplicationHook, ReplicationLog, ReplicationStatus } from './replication-hook.js';
import { REPLICATION_LIMITS, type ReplicationSenderSettings } from './replication-settings.js';
import { encodeFrame, FrameReader, REPLICATION_WIRE, type ReplicationErrorCode, type ReplicationFrame } from './replication-wire.js';

interface Waiter {
  readonly endLsn: Lsn;
  readonly resolve: () => void;
  readonly reject: (error: EngineError) => void;
  readonly timer: NodeJS.Timeout;
}

interface Session {
  readonly socket: Socket;
  readonly reader: FrameReader;
  /** Set once the hello was accepted: commits before it were sent. */
  streamingFromLsn: Lsn | undefined;
}

/** Starts listening on `settings.socketPath`; resolves once replicas can connect. */
export async function openReplicationSender(settings: ReplicationSenderSettings): Promise<ReplicationSender> {
  const sender = new ReplicationSender(settings);
  await sender.listen();
  return sender;
}

/** The `ReplicationHook` of a primary. */
export class ReplicationSender implements ReplicationHook {
  private readonly server: Server;
  private log: ReplicationLog | undefined;
  private session: Session | undefined;
  private sentLsn: Lsn = 0;
  private flushedLsn: Lsn = 0;
  private appliedLsn: Lsn = 0;
  private waiters: Waiter[] = [];
  /** Durable batch ends and when they became durable, oldest first, for the lag in seconds. */
  private durableTimes: { endLsn: Lsn; atMs: number }[] = [];
  private lastError: string | null = null;
  private closed = false;

  constructor(private readonly settings: ReplicationSenderSettings) {
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Binds the socket path (replacing a stale socket a crashed primary left there). */
  listen(): Promise<void> {
    removeStaleSocket(this.settings.socketPath);
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.settings.socketPath, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  attach(log: ReplicationLog): void {
    this.log = log;
  }

  batchDurable(commits: readonly ReplicatedCommit[], endLsn: Lsn): void {
    this.durableTimes.push({ endLsn, atMs: Date.now() });
    // Halving at the limit keeps the cost per batch constant; the lag in seconds is then a lower bound.
    if (this.durableTimes.length > REPLICATION_LIMITS.lagSamplesMax) this.durableTimes.splice(0, this.durableTimes.length >> 1);
    const session = this.session;
    if (session?.streamingFromLsn === undefined) return;
    this.sendCommits(session, commits, endLsn);
  }

  synchronousFlushedLsn(): Lsn | undefined {
    return this.settings.synchronous === true ? this.flushedLsn : undefined;
  }

  ackGate(endLsn: Lsn): Promise<void> | undefined {
    if (this.settings.synchronous !== true) return undefined;
    if (this.confirmedLsn() >= endLsn) return Promise.resolve();
    if (this.closed) return Promise.reject(shutdownError());
    return new Promise((resolve, reject) => {
      const waitMs = this.settings.synchronousWaitMs ?? REPLICATION_LIMITS.synchronousWaitMsDefault;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.timer !== timer);
        reject(
          new EngineError(
            'REPLICA_TIMEOUT',
            `the synchronous replica did not confirm ${formatLsn(endLsn)} within ${waitMs} ms (it has flushed ${formatLsn(this.flushedLsn)}); the commit is durable here, its fate after a failover is unknown`,
          ),
        );
      }, waitMs);
      this.waiters.push({ endLsn, resolve, reject, timer });
    });
  }

  status(): ReplicationStatus {
    const durableEnd = this.log?.durableEndLsn() ?? 0;
    this.forgetDurableTimesUpTo(this.flushedLsn);
    const oldest = this.durableTimes[0];
    return {
      role: 'primary',
      synchronous: this.settings.synchronous === true,
      replicaConnected: this.session?.streamingFromLsn !== undefined,
      sentLsn: formatLsn(this.sentLsn),
      flushedLsn: formatLsn(this.flushedLsn),
      appliedLsn: formatLsn(this.appliedLsn),
      lagBytes: Math.max(0, durableEnd - this.flushedLsn),
      lagSeconds: oldest === undefined || durableEnd <= this.flushedLsn ? 0 : Math.max(0, (Date.now() - oldest.atMs) / 1000),
      commitsWaiting: this.waiters.length,
      lastError: this.lastError,
    };
  }

  close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(shutdownError());
    }
    this.waiters = [];
    this.session?.socket.destroy();
    this.session = undefined;
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The LSN up to which acknowledgements may go out: what the replica flushed (or, with the defect, was sent). */
  private confirmedLsn(): Lsn {
    return this.settings.ackOnSend === true ? this.sentLsn : this.flushedLsn;
  }

  private accept(socket: Socket): void {
    if (this.closed || this.session !== undefined) {
      socket.end(encodeFrame({ kind: 'error', code: 'BUSY', message: `this primary already serves a replica (at most ${REPLICATION_LIMITS.replicasMax})` }));
      return;
    }
    const session: Session = { socket, reader: new FrameReader(), streamingFromLsn: undefined };
    this.session = session;
    socket.on('data', (chunk: Buffer) => {
      let frames: ReplicationFrame[];
      try {
        frames = session.reader.push(chunk);
      } catch (error) {
        this.drop(session, 'PROTOCOL', error instanceof Error ? error.message : String(error));
        return;
      }
      for (const frame of frames) this.receive(session, frame);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (this.session === session) this.session = undefined;
    });
  }

  private receive(session: Session, frame: ReplicationFrame): void {
    switch (frame.kind) {
      case 'hello':
        this.hello(session, frame);
        return;
      case 'feedback':
        this.feedback(frame.flushedLsn, frame.appliedLsn);
        return;
      case 'error':
        this.lastError = `replica: ${frame.code}: ${frame.message}`;
        session.socket.destroy();
        return;
      case 'commit':
        this.drop(session, 'PROTOCOL', 'a replica does not send commits');
        return;
      default: {
        const never: never = frame;
        throw new Error(`unknown frame ${JSON.stringify(never)}`);
      }
    }
  }

  private hello(session: Session, hello: Extract<ReplicationFrame, { kind: 'hello' }>): void {
    const log = this.log;
    if (session.streamingFromLsn !== undefined) return this.drop(session, 'PROTOCOL', 'a second hello on one connection');
    if (log === undefined) return this.drop(session, 'SHUTDOWN', 'the primary is still recovering; retry');
    if (hello.version !== REPLICATION_WIRE.version) return this.drop(session, 'VERSION', `replication version ${hello.version} is not supported (this primary speaks ${REPLICATION_WIRE.version})`);
    if (hello.segmentSizeBytes !== log.segmentSizeBytes) {
      return this.drop(session, 'SEGMENT_SIZE_MISMATCH', `the replica's WAL segments are ${hello.segmentSizeBytes} bytes, the primary's ${log.segmentSizeBytes}`);
    }
    if (hello.timeline !== log.timeline) return this.drop(session, 'TIMELINE_MISMATCH', `the replica is on timeline ${hello.timeline}, the primary on ${log.timeline}`);
    const durableEnd = log.durableEndLsn();
    if (hello.flushedLsn > durableEnd) {
      return this.drop(session, 'DIVERGED', `the replica has flushed up to ${formatLsn(hello.flushedLsn)}, past the primary's durable end ${formatLsn(durableEnd)}`);
    }
    const read = log.readCommitsFrom(hello.flushedLsn, hello.lastRecordLsn, REPLICATION_LIMITS.catchUpBytesMax);
    if (read.kind === 'refused') return this.drop(session, read.code, read.message);
    session.streamingFromLsn = hello.flushedLsn;
    // The replica's word now: a replica that lost what it had confirmed (a lying disk) lags by that much again.
    this.flushedLsn = hello.flushedLsn;
    this.appliedLsn = hello.flushedLsn;
    this.sentLsn = hello.flushedLsn;
    this.lastError = null;
    this.sendCommits(session, read.commits, read.endLsn);
    this.releaseWaiters();
    log.replicaFlushed();
  }

  private sendCommits(session: Session, commits: readonly ReplicatedCommit[], endLsn: Lsn): void {
    const durableAtMs = Date.now();
    for (const commit of commits) {
      // A batch flushed while a catch-up was read is already covered by it.
      if (commit.lsn < this.sentLsn) continue;
      session.socket.write(encodeFrame({ kind: 'commit', lsn: commit.lsn, tx: commit.tx, primaryEndLsn: endLsn, durableAtMs, payload: commit.payload }));
    }
    this.sentLsn = Math.max(this.sentLsn, endLsn);
    if (session.socket.writableLength > REPLICATION_LIMITS.unsentBytesMax) {
      this.drop(session, 'TOO_FAR_BEHIND', `more than ${REPLICATION_LIMITS.unsentBytesMax} bytes are waiting to be sent; reconnect and catch up from the WAL`);
      return;
    }
    if (this.settings.ackOnSend === true) this.releaseWaiters();
  }

  private feedback(flushedLsn: Lsn, appliedLsn: Lsn): void {
    this.flushedLsn = Math.max(this.flushedLsn, flushedLsn);
    this.appliedLsn = Math.max(this.appliedLsn, appliedLsn);
    this.forgetDurableTimesUpTo(this.flushedLsn);
    this.releaseWaiters();
    this.log?.replicaFlushed();
  }

  private releaseWaiters(): void {
    const confirmed = this.confirmedLsn();
    while (this.waiters.length > 0 && this.waiters[0]!.endLsn <= confirmed) {
      const waiter = this.waiters.shift()!;
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
  }

  private forgetDurableTimesUpTo(lsn: Lsn): void {
    let index = 0;
    while (index < this.durableTimes.length && this.durableTimes[index]!.endLsn <= lsn) index += 1;
    if (index > 0) this.durableTimes.splice(0, index);
  }

  private drop(session: Session, code: ReplicationErrorCode, message: string): void {
    this.lastError = `${code}: ${message}`;
    session.socket.end(encodeFrame({ kind: 'error', code, message }));
    if (this.session === session) this.session = undefined;
    // A replica that dropped out is no longer sent to; its next hello restarts from its own flushed LSN.
    this.sentLsn = this.flushedLsn;
  }
}

function shutdownError(): EngineError {
  return new EngineError('CLOSED', 'the primary is closing: the synchronous replica never confirmed this commit, its fate is unknown');
}

/** Removes a socket file left by a primary that crashed; anything else at the path is an error for `listen` to report. */
function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
