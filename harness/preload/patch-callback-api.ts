/**
 * Patches the callback node:fs API. Records are appended when the operation
 * completed, before the program's callback runs. Writes through a traced
 * descriptor are serialised per file (see file-write-queue.ts) so their offsets
 * are exact; latency is a timer before the operation starts, so the event loop
 * keeps running as it would with a slow disk. Write streams use these
 * functions (open, write, writev, fsync, close), so they are traced too.
 */
import type { SyncKind } from '../../engine/fs/file-system.js';
import { callbackOf, originalFunction, replaceFunction, type AnyFunction, type PatchableObject } from './patchable.js';
import type { PreloadSession } from './preload-session.js';
import * as tracing from './traced-operations.js';
import { writeWholeFile } from './write-whole-file.js';
import { concatenateBuffers, normaliseWriteArguments, readPositionOf } from './write-arguments.js';

/** Runs `start` after `delayMs` (at once when zero). */
function afterDelay(delayMs: number, start: () => void): void {
  if (delayMs > 0) setTimeout(start, delayMs);
  else start();
}

/** Patches the callback functions of the node:fs module object `fs`. */
export function patchCallbackApi(session: PreloadSession, fs: PatchableObject): void {
  const original = (name: string): AnyFunction => originalFunction(fs, name);
  /** Replaces `name` with a version that calls `onSuccess(args)` before the program's callback, after a success. */
  const recordOnSuccess = (name: string, onSuccess: (args: readonly unknown[], result: unknown) => void): void => {
    const originalCall = original(name);
    replaceFunction(fs, name, (...args: unknown[]) => {
      const callback = callbackOf(args);
      if (callback === undefined) return originalCall(...args);
      const withoutCallback = args.slice(0, -1);
      return originalCall(...withoutCallback, (error: unknown, ...results: unknown[]) => {
        if (error === null || error === undefined) onSuccess(withoutCallback, results[0]);
        callback(error, ...results);
      });
    });
  };

  const open = original('open');
  replaceFunction(fs, 'open', (...args: unknown[]) => {
    const callback = callbackOf(args);
    const plan = callback === undefined ? undefined : tracing.planOpen(session, args[0], args.length > 2 ? args[1] : undefined);
    if (callback === undefined || plan === undefined) return open(...args);
    return open(...args.slice(0, -1), (error: unknown, fd: number) => {
      if (error === null || error === undefined) tracing.completeOpen(session, plan, fd);
      callback(error, fd);
    });
  });

  const write = original('write');
  const tracedWrite = (fd: unknown, bytes: Uint8Array, position: number | null, callback: AnyFunction, callbackData: unknown): boolean => {
    const descriptor = session.descriptors.get(fd);
    if (descriptor === undefined || descriptor.isDirectory) return false;
    session.writeQueue.run(descriptor.fileId, (finish) => {
      // Planned when the write starts: the offset of an O_APPEND write is the file's size then.
      const plan = tracing.planWrite(session, fd, bytes, position);
      if (plan === undefined) {
        finish();
        write(fd, bytes, 0, bytes.byteLength, position, callback);
        return;
      }
      afterDelay(plan.decision.delayMs, () => {
        const failure = tracing.injectedWriteFailure(session, plan, 'write');
        if (failure !== undefined) {
          finish();
          process.nextTick(callback, failure);
          return;
        }
        write(fd, plan.data, 0, plan.data.byteLength, position, (error: unknown, bytesWritten: number) => {
          if (error === null || error === undefined) tracing.completeWrite(session, plan, bytesWritten);
          finish();
          callback(error, bytesWritten, callbackData);
        });
      });
    });
    return true;
  };
  replaceFunction(fs, 'write', (fd: unknown, data: unknown, ...rest: unknown[]) => {
    const callback = callbackOf(rest);
    const normalised = callback === undefined ? undefined : normaliseWriteArguments(data, rest.slice(0, -1));
    if (callback === undefined || normalised === undefined || !tracedWrite(fd, normalised.bytes, normalised.position, callback, data)) {
      return write(fd, data, ...rest);
    }
    return undefined;
  });
  const writev = original('writev');
  replaceFunction(fs, 'writev', (fd: unknown, buffers: unknown, ...rest: unknown[]) => {
    const callback = callbackOf(rest);
    const bytes = callback === undefined ? undefined : concatenateBuffers(buffers);
    const position = typeof rest[0] === 'number' ? rest[0] : null;
    if (callback === undefined || bytes === undefined || !tracedWrite(fd, bytes, position, callback, buffers)) return writev(fd, buffers, ...rest);
    return undefined;
  });

  const patchWholeFile = (name: string, defaultFlag: string): void => {
    const originalWholeFile = original(name);
    replaceFunction(fs, name, (file: unknown, data: unknown, ...rest: unknown[]) => {
      const callback = callbackOf(rest);
      const traced = tracing.tracesFile(session, file);
      const run = callback === undefined || !traced ? undefined : writeWholeFile(fs, file, data, rest.length > 1 ? rest[0] : undefined, defaultFlag);
      if (callback === undefined || run === undefined) return originalWholeFile(file, data, ...rest);
      run.then(() => callback(null), (error: unknown) => callback(error));
      return undefined;
    });
  };
  patchWholeFile('writeFile', 'w');
  patchWholeFile('appendFile', 'a');

  const patchSync = (name: string, syncKind: SyncKind): void => {
    const originalSync = original(name);
    replaceFunction(fs, name, (fd: unknown, callback?: unknown) => {
      const plan = typeof callback === 'function' ? tracing.planSync(session, fd, syncKind) : undefined;
      if (plan === undefined) return originalSync(fd, callback);
      afterDelay(plan.decision.delayMs, () => {
        const failure = tracing.injectedSyncFailure(session, plan);
        if (failure !== undefined) {
          process.nextTick(callback as AnyFunction, failure);
          return;
        }
        originalSync(fd, (error: unknown) => {
          if (error === null || error === undefined) tracing.completeSync(session, plan);
          (callback as AnyFunction)(error);
        });
      });
      return undefined;
    });
  };
  patchSync('fsync', 'fsync');
  patchSync('fdatasync', 'fdatasync');

  recordOnSuccess('ftruncate', (args) => tracing.recordDescriptorTruncate(session, args[0], typeof args[1] === 'number' ? args[1] : 0));
  const truncate = original('truncate');
  replaceFunction(fs, 'truncate', (file: unknown, ...rest: unknown[]) => {
    const callback = callbackOf(rest);
    if (callback === undefined || typeof file === 'number' || session.root.relative(file) === undefined) return truncate(file, ...rest);
    const lengthBytes = typeof rest[0] === 'number' ? rest[0] : 0;
    (fs['open'] as AnyFunction)(file, 'r+', (openError: unknown, fd: number) => {
      if (openError !== null && openError !== undefined) return callback(openError);
      (fs['ftruncate'] as AnyFunction)(fd, lengthBytes, (truncateError: unknown) => {
        (fs['close'] as AnyFunction)(fd, (closeError: unknown) => callback(truncateError ?? closeError ?? null));
      });
    });
    return undefined;
  });
  recordOnSuccess('rename', (args) => tracing.recordRename(session, args[0], args[1]));
  recordOnSuccess('unlink', (args) => tracing.recordRemove(session, args[0]));
  const mkdir = original('mkdir');
  replaceFunction(fs, 'mkdir', (directory: unknown, ...rest: unknown[]) => {
    const callback = callbackOf(rest);
    if (callback === undefined) return mkdir(directory, ...rest);
    const options = rest.length > 1 ? rest[0] : undefined;
    const created = tracing.planMkdir(session, directory, options);
    return mkdir(directory, ...rest.slice(0, -1), (error: unknown, ...results: unknown[]) => {
      if (error === null || error === undefined) tracing.recordMkdir(session, created);
      callback(error, ...results);
    });
  });
  const close = original('close');
  replaceFunction(fs, 'close', (fd: unknown, ...rest: unknown[]) => {
    // Forgotten at once: the number may be reused by an open that completes before this callback runs.
    session.descriptors.forget(fd);
    return close(fd, ...rest);
  });
  recordOnSuccess('read', (args, bytesRead) => {
    const [fd, ...rest] = args;
    if (typeof bytesRead === 'number') tracing.completeRead(session, fd, readPositionOf(rest), bytesRead);
  });
}
