/**
 * The replica's side of streaming replication: connects to the primary's
 * socket, says hello with its flushed LSN, writes every received commit to its
 * own WAL at the primary's LSN (through the engine's group commit: written,
 * synced, applied), and reports its flushed and applied LSNs back. A lost
 * connection is retried with a doubling backoff (bounded) until the replica is
 * stopped; the primary's refusals (a start LSN it no longer retains, a
 * different timeline) are kept as `lastError` for the status request.
 */
import { connect, type Socket } from 'node:net';
import type { EngineError } from '../engine-types.js';
import type { ReferenceEngine } from '../store/reference-engine.js';
import { decodeCommitPayload } from '../wal/commit-payload.js';
import { formatLsn, type Lsn } from '../wal/lsn.js';
import type { ReplicationStatus } from './replication-hook.js';
import { REPLICATION_LIMITS } from './replication-settings.js';
import { encodeFrame, FrameReader, REPLICATION_WIRE, type ReplicationErrorCode, type ReplicationFrame } from './replication-wire.js';

/** Follows a primary into `engine` until `stop`. */
export class ReplicaReceiver {
  private socket: Socket | undefined;
  private stopped = false;
  private connected = false;
  private reconnectDelayMs: number = REPLICATION_LIMITS.reconnectDelayMsMin;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private inFlightDone: Promise<void> = Promise.resolve();
  private primaryEndLsn: Lsn = 0;
  /** When the oldest commit not yet flushed here became durable on the primary (ms), or undefined when caught up. */
  private oldestUnflushedDurableAtMs: number | undefined;
  private feedbackScheduled = false;
  private lastError: string | null = null;

  constructor(
    private readonly engine: ReferenceEngine,
    private readonly socketPath: string,
  ) {}

  /** Connects (and keeps reconnecting). */
  start(): void {
    this.connect();
  }

  /** Stops following: closes the connection and waits until every received commit has settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.socket?.destroy();
    await this.inFlightDone;
  }

  /** The replica's progress; `flushed` is the end of the store's log (after promotion, the new primary's). */
  status(promoted: boolean, flushed: Lsn): ReplicationStatus {
    return {
      role: 'replica',
      connected: this.connected,
      promoted,
      flushedLsn: formatLsn(flushed),
      appliedLsn: formatLsn(flushed),
      primaryEndLsn: formatLsn(this.primaryEndLsn),
      lagBytes: Math.max(0, this.primaryEndLsn - flushed),
      lagSeconds: this.oldestUnflushedDurableAtMs === undefined ? 0 : Math.max(0, (Date.now() - this.oldestUnflushedDurableAtMs) / 1000),
      lastError: this.lastError,
    };
  }

  private connect(): void {
    if (this.stopped) return;
    const socket = connect(this.socketPath);
    const reader = new FrameReader();
    this.socket = socket;
    socket.on('connect', () => {
      this.connected = true;
      socket.write(
        encodeFrame({
          kind: 'hello',
          version: REPLICATION_WIRE.version,
          timeline: this.engine.walStatus().timeline,
          segmentSizeBytes: this.engine.segmentSizeBytes(),
          flushedLsn: this.engine.endLsnValue(),
          lastRecordLsn: this.engine.lastRecordLsnValue(),
        }),
      );
    });
    socket.on('data', (chunk: Buffer) => {
      let frames: ReplicationFrame[];
      try {
        frames = reader.push(chunk);
      } catch (error) {
        this.fail(socket, 'PROTOCOL', error instanceof Error ? error.message : String(error));
        return;
      }
      for (const frame of frames) this.receive(socket, frame);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A primary that is not up yet (or died) is normal for a replica: it retries.
      if (this.lastError === null || !this.connected) this.lastError = `cannot reach the primary at ${this.socketPath}: ${error.code ?? error.message}`;
    });
    socket.on('close', () => {
      this.connected = false;
      if (this.socket === socket) this.socket = undefined;
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer !== undefined) return;
    const delayMs = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(REPLICATION_LIMITS.reconnectDelayMsMax, this.reconnectDelayMs * 2);
    this.reconnectTimer = setTimeout(() => {
      // Commits received on the old connection settle first: the next hello must name everything this
      // store has, or the primary would resend commits still in the engine's queue (a divergence).
      void this.inFlightDone.then(() => {
        this.reconnectTimer = undefined;
        this.connect();
      });
    }, delayMs);
  }

  private receive(socket: Socket, frame: ReplicationFrame): void {
    switch (frame.kind) {
      case 'commit':
        this.apply(socket, frame);
        return;
      case 'error':
        this.lastError = `primary refused: ${frame.code}: ${frame.message}`;
        socket.destroy();
        return;
      case 'hello':
      case 'feedback':
        this.fail(socket, 'PROTOCOL', `a primary does not send ${frame.kind} frames`);
        return;
      default: {
        const never: never = frame;
        throw new Error(`unknown frame ${JSON.stringify(never)}`);
      }
    }
  }

  private apply(socket: Socket, frame: Extract<ReplicationFrame, { kind: 'commit' }>): void {
    const writes = decodeCommitPayload(frame.payload);
    if (writes === undefined) return this.fail(socket, 'PROTOCOL', `commit tx ${frame.tx} at ${formatLsn(frame.lsn)} has a malformed payload`);
    this.reconnectDelayMs = REPLICATION_LIMITS.reconnectDelayMsMin;
    this.primaryEndLsn = Math.max(this.primaryEndLsn, frame.primaryEndLsn);
    this.oldestUnflushedDurableAtMs ??= frame.durableAtMs;
    this.inFlight += 1;
    if (this.inFlight >= REPLICATION_LIMITS.replicaCommitsInFlightMax) socket.pause();
    const applied = this.engine.commitReplicated(frame.tx, writes, frame.payload, frame.lsn).then(
      () => {
        this.settled(socket);
        this.scheduleFeedback(socket);
      },
      (error: EngineError) => {
        this.settled(socket);
        this.fail(socket, error.code === 'DIVERGED' ? 'DIVERGED' : 'SHUTDOWN', `${error.code}: ${error.message}`);
      },
    );
    this.inFlightDone = Promise.all([this.inFlightDone, applied]).then(() => undefined);
  }

  private settled(socket: Socket): void {
    this.inFlight -= 1;
    if (this.engine.endLsnValue() >= this.primaryEndLsn) this.oldestUnflushedDurableAtMs = undefined;
    if (this.inFlight < REPLICATION_LIMITS.replicaCommitsInFlightMax && socket.isPaused()) socket.resume();
  }

  /** One feedback frame per flush, however many commits it settled (their reactions run in one microtask run). */
  private scheduleFeedback(socket: Socket): void {
    if (this.feedbackScheduled) return;
    this.feedbackScheduled = true;
    queueMicrotask(() => {
      this.feedbackScheduled = false;
      if (socket.destroyed) return;
      const flushed = this.engine.endLsnValue();
      socket.write(encodeFrame({ kind: 'feedback', flushedLsn: flushed, appliedLsn: flushed }));
    });
  }

  private fail(socket: Socket, code: ReplicationErrorCode, message: string): void {
    this.lastError = `${code}: ${message}`;
    if (!socket.destroyed) socket.end(encodeFrame({ kind: 'error', code, message }));
  }
}
