/**
 * The harness's side of a CDC consumer: it receives the reader's changes,
 * applies them (here: keeps them), and confirms the LSN of the last whole
 * commit durably (a real write and fsync of an 8-byte file) every few commits,
 * as a consumer of Debezium or pg_recvlogical does. A consumer crash loses
 * what it received but had not confirmed; the next reader session starts from
 * the confirmed LSN. Every session's changes are kept for the C1 check.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { Change } from '../../engine/cdc/change-line.js';
import { assert } from '../../engine/invariants.js';
import { InfrastructureError } from '../errors/harness-errors.js';
import type { ChangeStreamHistory, ConsumerSession } from '../oracle/check-change-stream.js';

/** Changes kept per run at most: a bound on the harness's memory. */
export const SINK_CHANGES_MAX = 1_000_000;

/** The consumer: sessions, the confirmed stream, and the durable confirmed LSN. */
export class ChangeSink {
  private readonly sessions: { label: string; fromLsn: number; changes: Change[] }[] = [];
  private readonly confirmed: Change[] = [];
  private pending: Change[] = [];
  private commitsSinceConfirm = 0;
  private received = 0;
  private confirmedLsnValue = 0;

  constructor(
    /** The file the confirmed LSN is written and synced to. */
    private readonly confirmPath: string,
    /** Confirm after this many whole commits. */
    private readonly confirmEveryCommits: number,
  ) {}

  /** The LSN of the last commit confirmed durably: where the next reader session starts. */
  get confirmedLsn(): number {
    return this.confirmedLsnValue;
  }

  /** Starts a reader session (`label` says where, for messages) from the confirmed LSN; returns that LSN. */
  startSession(label: string): number {
    this.pending = [];
    this.commitsSinceConfirm = 0;
    this.sessions.push({ label, fromLsn: this.confirmedLsnValue, changes: [] });
    return this.confirmedLsnValue;
  }

  /** Takes one change of the current session; confirms at every `confirmEveryCommits`th commit end. */
  receive(change: Change): void {
    const session = this.sessions.at(-1);
    assert(session !== undefined, 'a change arrives inside a reader session');
    this.received += 1;
    if (this.received > SINK_CHANGES_MAX) throw new InfrastructureError(`the consumer received more than ${SINK_CHANGES_MAX} changes in one run`);
    session.changes.push(change);
    this.pending.push(change);
    if (change.write + 1 !== change.writes) return;
    this.commitsSinceConfirm += 1;
    if (this.commitsSinceConfirm >= this.confirmEveryCommits) this.confirm();
  }

  /** The consumer crashed: what it had not confirmed is gone. */
  crash(): void {
    this.pending = [];
    this.commitsSinceConfirm = 0;
  }

  /** Confirms every whole commit received so far (a session that ended cleanly). */
  confirm(): void {
    const lastEnd = this.pending.findLastIndex((change) => change.write + 1 === change.writes);
    if (lastEnd === -1) return;
    const whole = this.pending.slice(0, lastEnd + 1);
    const lsn = whole[whole.length - 1]?.lsn ?? this.confirmedLsnValue;
    writeConfirmedLsn(this.confirmPath, lsn);
    this.confirmed.push(...whole);
    this.confirmedLsnValue = lsn;
    this.pending = this.pending.slice(lastEnd + 1);
    this.commitsSinceConfirm = 0;
  }

  /** What C1 checks. */
  history(): ChangeStreamHistory {
    return { sessions: this.sessions.map((session): ConsumerSession => ({ label: session.label, fromLsn: session.fromLsn, changes: [...session.changes] })), confirmed: [...this.confirmed] };
  }
}

/** Writes the LSN as 8 bytes little-endian at offset 0 and syncs it: the consumer's durable progress. */
function writeConfirmedLsn(path: string, lsn: number): void {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt(lsn));
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, bytes, 0, bytes.length, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
