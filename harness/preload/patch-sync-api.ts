/**
 * Patches the synchronous node:fs API. Latency is a blocking sleep, as a slow
 * disk would block the calling thread. writeFileSync, appendFileSync and
 * truncateSync are rebuilt from the patched primitives (open, write, fsync,
 * close) because Node implements some of them with internal bindings that
 * bypass the public functions (writeFileSync of a string, for one).
 */
import type { SyncKind } from '../../engine/fs/file-system.js';
import { originalFunction, replaceFunction, writeFileOptionsOf, type AnyFunction, type PatchableObject } from './patchable.js';
import type { PreloadSession } from './preload-session.js';
import * as tracing from './traced-operations.js';
import { concatenateBuffers, dataToBytes, normaliseWriteArguments, readPositionOf } from './write-arguments.js';

/** Patches the sync functions of the node:fs module object `fs`. */
export function patchSyncApi(session: PreloadSession, fs: PatchableObject): void {
  const original = (name: string): AnyFunction => originalFunction(fs, name);
  const openSync = original('openSync');
  const writeSync = original('writeSync');
  const closeSync = original('closeSync');

  replaceFunction(fs, 'openSync', (...args: unknown[]) => {
    const plan = tracing.planOpen(session, args[0], args[1]);
    const fd = openSync(...args) as number;
    if (plan !== undefined) tracing.completeOpen(session, plan, fd);
    return fd;
  });

  const tracedWriteSync = (fd: unknown, bytes: Uint8Array, position: number | null): number | undefined => {
    const plan = tracing.planWrite(session, fd, bytes, position);
    if (plan === undefined) return undefined;
    session.sleepSync(plan.decision.delayMs);
    const failure = tracing.injectedWriteFailure(session, plan, 'write');
    if (failure !== undefined) throw failure;
    const bytesWritten = writeSync(fd, plan.data, 0, plan.data.byteLength, position) as number;
    tracing.completeWrite(session, plan, bytesWritten);
    return bytesWritten;
  };

  replaceFunction(fs, 'writeSync', (fd: unknown, data: unknown, ...rest: unknown[]) => {
    const write = session.descriptors.get(fd) === undefined ? undefined : normaliseWriteArguments(data, rest);
    const traced = write === undefined ? undefined : tracedWriteSync(fd, write.bytes, write.position);
    return traced ?? writeSync(fd, data, ...rest);
  });

  const writevSync = original('writevSync');
  replaceFunction(fs, 'writevSync', (fd: unknown, buffers: unknown, position?: unknown) => {
    const bytes = session.descriptors.get(fd) === undefined ? undefined : concatenateBuffers(buffers);
    const traced = bytes === undefined ? undefined : tracedWriteSync(fd, bytes, typeof position === 'number' ? position : null);
    return traced ?? writevSync(fd, buffers, position);
  });

  const writeWholeFileSync = (name: string, defaultFlag: string): void => {
    const originalWholeFile = original(name);
    replaceFunction(fs, name, (file: unknown, data: unknown, rawOptions?: unknown) => {
      const options = writeFileOptionsOf(rawOptions);
      const bytes = dataToBytes(data, options.encoding);
      const traced = tracing.tracesFile(session, file);
      if (bytes === undefined || !traced) return originalWholeFile(file, data, rawOptions);
      const fd = typeof file === 'number' ? file : (fs['openSync'] as AnyFunction)(file, options.flag ?? defaultFlag, options.mode ?? 0o666);
      try {
        let writtenBytes = 0;
        while (writtenBytes < bytes.byteLength) {
          writtenBytes += (fs['writeSync'] as AnyFunction)(fd, bytes, writtenBytes, bytes.byteLength - writtenBytes, null) as number;
        }
        if (options.flush === true) (fs['fsyncSync'] as AnyFunction)(fd);
      } finally {
        if (typeof file !== 'number') (fs['closeSync'] as AnyFunction)(fd);
      }
      return undefined;
    });
  };
  writeWholeFileSync('writeFileSync', 'w');
  writeWholeFileSync('appendFileSync', 'a');

  const patchSync = (name: string, syncKind: SyncKind): void => {
    const originalSync = original(name);
    replaceFunction(fs, name, (fd: unknown) => {
      const plan = tracing.planSync(session, fd, syncKind);
      if (plan === undefined) return originalSync(fd);
      session.sleepSync(plan.decision.delayMs);
      const failure = tracing.injectedSyncFailure(session, plan);
      if (failure !== undefined) throw failure;
      originalSync(fd);
      tracing.completeSync(session, plan);
      return undefined;
    });
  };
  patchSync('fsyncSync', 'fsync');
  patchSync('fdatasyncSync', 'fdatasync');

  const ftruncateSync = original('ftruncateSync');
  replaceFunction(fs, 'ftruncateSync', (fd: unknown, lengthBytes?: unknown) => {
    ftruncateSync(fd, lengthBytes);
    tracing.recordDescriptorTruncate(session, fd, lengthBytes);
  });
  const truncateSync = original('truncateSync');
  replaceFunction(fs, 'truncateSync', (file: unknown, lengthBytes?: unknown) => {
    if (typeof file === 'number') return (fs['ftruncateSync'] as AnyFunction)(file, lengthBytes);
    if (session.root.relative(file) === undefined) return truncateSync(file, lengthBytes);
    const fd = (fs['openSync'] as AnyFunction)(file, 'r+');
    try {
      (fs['ftruncateSync'] as AnyFunction)(fd, lengthBytes);
    } finally {
      (fs['closeSync'] as AnyFunction)(fd);
    }
    return undefined;
  });

  const renameSync = original('renameSync');
  replaceFunction(fs, 'renameSync', (source: unknown, target: unknown) => {
    renameSync(source, target);
    tracing.recordRename(session, source, target);
  });
  const unlinkSync = original('unlinkSync');
  replaceFunction(fs, 'unlinkSync', (file: unknown) => {
    unlinkSync(file);
    tracing.recordRemove(session, file);
  });
  const mkdirSync = original('mkdirSync');
  replaceFunction(fs, 'mkdirSync', (directory: unknown, options?: unknown) => {
    const created = tracing.planMkdir(session, directory, options);
    const result: unknown = mkdirSync(directory, options);
    tracing.recordMkdir(session, created);
    return result;
  });
  replaceFunction(fs, 'closeSync', (fd: unknown) => {
    try {
      closeSync(fd);
    } finally {
      session.descriptors.forget(fd);
    }
  });
  const readSync = original('readSync');
  replaceFunction(fs, 'readSync', (fd: unknown, ...rest: unknown[]) => {
    const bytesRead = readSync(fd, ...rest) as number;
    tracing.completeRead(session, fd, readPositionOf(rest), bytesRead);
    return bytesRead;
  });
}
