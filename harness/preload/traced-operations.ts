/**
 * What each traced operation records, shared by the sync, callback and promise
 * patches: each family plans an operation (is it under the root, which faults
 * apply, where will the bytes land), runs the original node:fs call, then
 * completes the plan, which appends the records. Records are appended after
 * the operation completed and before it returns to the program.
 */
import { fstatSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SyncKind } from '../../engine/fs/file-system.js';
import { createInjectedError, type InjectedError } from './injected-error.js';
import type { TrackedDescriptor } from './descriptor-table.js';
import { decodeOpenFlags, type OpenFlags } from './open-flags.js';
import { shortWriteKeptBytes, type FaultDecision } from '../shim/fault-decider.js';
import type { PreloadSession } from './preload-session.js';

/** File ids are 32-bit in the trace format; inode numbers beyond that (xfs, btrfs) fold into 32 bits. */
const FILE_ID_MODULUS = 2 ** 32;

/** The trace's file id of an inode number. */
export function fileIdOf(inode: number): number {
  return inode % FILE_ID_MODULUS;
}

/** True when `file` (a descriptor or a path, as a program passes it) is traced: a tracked descriptor, or a path under the root. */
export function tracesFile(session: PreloadSession, file: unknown): boolean {
  return typeof file === 'number' ? session.descriptors.get(file) !== undefined : session.root.relative(file) !== undefined;
}

/** An open under the root, planned before the call. */
export interface OpenPlan {
  readonly path: string;
  readonly flags: OpenFlags;
  readonly existedBefore: boolean;
}

/** Plans an open: undefined when the path is outside the root (or the flags are invalid). */
export function planOpen(session: PreloadSession, programPath: unknown, flags: unknown): OpenPlan | undefined {
  const relativePath = session.root.relative(programPath);
  const decoded = decodeOpenFlags(flags);
  if (relativePath === undefined || decoded === undefined) return undefined;
  const existedBefore = !decoded.create || statSync(session.root.absolute(programPath) ?? '', { throwIfNoEntry: false }) !== undefined;
  return { path: relativePath, flags: decoded, existedBefore };
}

/**
 * Tracks the new descriptor and records create, open and truncate. Read-only
 * descriptors are tracked (an fsync through one covers the file) but not
 * recorded: they change nothing on disk.
 */
export function completeOpen(session: PreloadSession, plan: OpenPlan, fd: number): void {
  const stats = fstatSync(fd);
  const { flags } = plan;
  const fileId = fileIdOf(stats.ino);
  session.descriptors.track(fd, {
    fileId,
    path: plan.path,
    positionBytes: 0,
    append: flags.append,
    writable: flags.writable,
    syncMode: flags.syncMode,
    isDirectory: stats.isDirectory(),
  });
  if (stats.isDirectory() || !(flags.writable || flags.create || flags.truncate)) return;
  if (!plan.existedBefore) session.record({ kind: 'create', path: plan.path, fileId });
  session.record({ kind: 'open', path: plan.path, fileId, syncMode: flags.syncMode });
  if (plan.existedBefore && flags.truncate) session.record({ kind: 'truncate', fileId, sizeBytes: 0 });
}

/** A write through a tracked descriptor, planned before the call. */
export interface WritePlan {
  readonly descriptor: TrackedDescriptor;
  /** Where the bytes land: the given position, the tracked position, or the file's end for O_APPEND. */
  readonly offsetBytes: number;
  /** The bytes to hand to the kernel: all of them, or the kept part of a short write. */
  readonly data: Uint8Array;
  readonly requestedBytes: number;
  readonly positionless: boolean;
  readonly decision: FaultDecision;
}

/** Plans a write of `data` at `position` (null: the descriptor's position); undefined when not traced. */
export function planWrite(session: PreloadSession, fd: unknown, data: Uint8Array, position: number | null): WritePlan | undefined {
  const descriptor = session.descriptors.get(fd);
  if (descriptor === undefined || descriptor.isDirectory) return undefined;
  const decision = session.decide('write', descriptor.path);
  // On Linux an O_APPEND descriptor writes at the end even when given a position.
  const offsetBytes = descriptor.append ? fstatSync(fd as number).size : (position ?? descriptor.positionBytes);
  const keptBytes = decision.failure?.kind === 'short-write' ? shortWriteKeptBytes(decision.failure.keepFraction, data.byteLength) : undefined;
  const kept = keptBytes === undefined ? data : data.subarray(0, keptBytes);
  return { descriptor, offsetBytes, data: kept, requestedBytes: data.byteLength, positionless: position === null, decision };
}

/** The injected error of a failing write (EIO or ENOSPC), after recording the fault; undefined when the write proceeds. */
export function injectedWriteFailure(session: PreloadSession, plan: WritePlan, syscall: string): InjectedError | undefined {
  const failure = plan.decision.failure;
  if (failure === undefined || (failure.kind !== 'eio-write' && failure.kind !== 'enospc')) return undefined;
  session.recordFault(failure.kind, 'write', plan.descriptor.path);
  return createInjectedError(failure.kind === 'enospc' ? 'ENOSPC' : 'EIO', syscall, plan.descriptor.path);
}

/** Records a completed write of `bytesWritten` bytes and advances the descriptor's position. */
export function completeWrite(session: PreloadSession, plan: WritePlan, bytesWritten: number): void {
  const { descriptor } = plan;
  if (plan.positionless && !descriptor.append) descriptor.positionBytes = plan.offsetBytes + bytesWritten;
  if (bytesWritten === 0 && plan.requestedBytes > 0) return;
  session.record({
    kind: 'write',
    fileId: descriptor.fileId,
    offsetBytes: plan.offsetBytes,
    data: plan.data.subarray(0, bytesWritten),
    syncMode: descriptor.syncMode,
  });
  if (bytesWritten < plan.requestedBytes && plan.decision.failure?.kind === 'short-write') {
    session.recordFault('short-write', 'write', descriptor.path);
  }
}

/** An fsync or fdatasync through a tracked descriptor (of a file or a directory), planned before the call. */
export interface SyncPlan {
  readonly descriptor: TrackedDescriptor;
  readonly syncKind: SyncKind;
  readonly decision: FaultDecision;
}

/** Plans a sync of `fd`; undefined when not traced. */
export function planSync(session: PreloadSession, fd: unknown, syncKind: SyncKind): SyncPlan | undefined {
  const descriptor = session.descriptors.get(fd);
  if (descriptor === undefined) return undefined;
  const decision = session.decide(descriptor.isDirectory ? 'sync-directory' : 'sync', descriptor.path);
  return { descriptor, syncKind, decision };
}

/**
 * The injected EIO of a failing sync, after recording the fault; undefined when
 * the sync proceeds. With Linux semantics the failed sync is not retried by the
 * kernel: the crash-state builder drops the file's unsynced data at the fault
 * record, and a later sync of the file succeeds (the decider does not fail it).
 */
export function injectedSyncFailure(session: PreloadSession, plan: SyncPlan): InjectedError | undefined {
  if (plan.decision.failure?.kind !== 'eio-fsync') return undefined;
  const operation = plan.descriptor.isDirectory ? 'sync-directory' : 'sync';
  session.recordFault('eio-fsync', operation, plan.descriptor.path);
  return createInjectedError('EIO', plan.syncKind, plan.descriptor.path);
}

/** Records a completed sync. */
export function completeSync(session: PreloadSession, plan: SyncPlan): void {
  const { descriptor } = plan;
  if (descriptor.isDirectory) session.record({ kind: 'sync-directory', path: descriptor.path });
  else session.record({ kind: 'sync', fileId: descriptor.fileId, syncKind: plan.syncKind });
}

/** Records a truncate through a tracked descriptor. */
export function recordDescriptorTruncate(session: PreloadSession, fd: unknown, sizeBytes: unknown): void {
  const descriptor = session.descriptors.get(fd);
  if (descriptor === undefined) return;
  session.record({ kind: 'truncate', fileId: descriptor.fileId, sizeBytes: Number(sizeBytes ?? 0) });
}

/** Records a completed rename: a rename within the root, or a remove when the file left the root. */
export function recordRename(session: PreloadSession, sourceProgramPath: unknown, targetProgramPath: unknown): void {
  const sourcePath = session.root.relative(sourceProgramPath);
  if (sourcePath === undefined) return;
  const targetPath = session.root.relative(targetProgramPath);
  if (targetPath === undefined) {
    session.record({ kind: 'remove', path: sourcePath });
    return;
  }
  session.descriptors.rename(sourcePath, targetPath);
  session.record({ kind: 'rename', sourcePath, targetPath });
}

/** Records a completed unlink. */
export function recordRemove(session: PreloadSession, programPath: unknown): void {
  const relativePath = session.root.relative(programPath);
  if (relativePath !== undefined) session.record({ kind: 'remove', path: relativePath });
}

/** The directories a mkdir will create, outermost first (all missing ancestors when recursive), before the call. */
export function planMkdir(session: PreloadSession, programPath: unknown, options: unknown): readonly string[] {
  let current = session.root.absolute(programPath);
  if (current === undefined) return [];
  const recursive = typeof options === 'object' && options !== null && (options as { recursive?: unknown }).recursive === true;
  const missing: string[] = [];
  while (statSync(current, { throwIfNoEntry: false }) === undefined) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (!recursive || parent === current) break;
    current = parent;
  }
  return missing;
}

/** Records the directories a completed mkdir created under the root (not the root itself). */
export function recordMkdir(session: PreloadSession, createdDirectories: readonly string[]): void {
  for (const directory of createdDirectories) {
    const relativePath = session.root.relative(directory);
    if (relativePath !== undefined && relativePath !== '.') session.record({ kind: 'mkdir', path: relativePath });
  }
}

/** Advances a tracked descriptor's position after a positionless read of `bytesRead` bytes. */
export function completeRead(session: PreloadSession, fd: unknown, position: unknown, bytesRead: number): void {
  const descriptor = session.descriptors.get(fd);
  const positionless = position === null || position === undefined || position === -1 || position === -1n;
  if (descriptor !== undefined && positionless && !descriptor.append) descriptor.positionBytes += bytesRead;
}
