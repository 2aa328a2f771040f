/**
 * Patches the promise node:fs API: fs.promises functions and the methods of
 * FileHandle. Records are appended when the operation completed, before the
 * promise resolves. FileHandle's `close` is a per-instance field, not a
 * prototype method, so each handle the patched `open` returns gets its own
 * wrapper. writeFile and appendFile are rebuilt from the patched handle
 * methods: Node's own versions write through internal bindings.
 */
import { devNull } from 'node:os';
import { originalFunction, replaceFunction, writeFileOptionsOf, type AnyFunction, type PatchableObject } from './patchable.js';
import type { PreloadSession } from './preload-session.js';
import * as tracing from './traced-operations.js';
import { concatenateBuffers, dataToBytes, normaliseWriteArguments, readPositionOf } from './write-arguments.js';

/** The parts of a node:fs FileHandle the shim uses. */
interface FileHandleLike {
  readonly fd: number;
  close: () => Promise<void>;
  writeFile(data: unknown, options?: unknown): Promise<void>;
  sync(): Promise<void>;
  truncate(lengthBytes?: number): Promise<void>;
}

const delay = (durationMs: number): Promise<void> => (durationMs > 0 ? new Promise((resolve) => setTimeout(resolve, durationMs)) : Promise.resolve());

/** Patches `promises` (fs.promises) and the FileHandle prototype. */
export async function patchPromiseApi(session: PreloadSession, promises: PatchableObject): Promise<void> {
  const original = (name: string): AnyFunction => originalFunction(promises, name);
  const open = original('open');
  // FileHandle is not exported: reach its prototype through a handle on the null device.
  const probe = (await open(devNull, 'r')) as FileHandleLike;
  const prototype = Object.getPrototypeOf(probe) as PatchableObject;
  await probe.close();
  const originalMethod = (name: string): AnyFunction => originalFunction(prototype, name);

  replaceFunction(promises, 'open', async (...args: unknown[]) => {
    const plan = tracing.planOpen(session, args[0], args[1]);
    const handle = (await open(...args)) as FileHandleLike;
    if (plan === undefined) return handle;
    const fd = handle.fd;
    tracing.completeOpen(session, plan, fd);
    const close = handle.close;
    handle.close = () => {
      session.descriptors.forget(fd);
      return close.call(handle);
    };
    return handle;
  });

  const write = originalMethod('write');
  const tracedWrite = (handle: FileHandleLike, bytes: Uint8Array, position: number | null, resultData: unknown): Promise<unknown> | undefined => {
    const descriptor = session.descriptors.get(handle.fd);
    if (descriptor === undefined || descriptor.isDirectory) return undefined;
    return new Promise((resolve, reject) => {
      session.writeQueue.run(descriptor.fileId, (finish) => {
        const plan = tracing.planWrite(session, handle.fd, bytes, position);
        const settle = (operation: Promise<unknown>): void => {
          operation.then(resolve, reject).finally(finish);
        };
        if (plan === undefined) return settle(write.call(handle, bytes, 0, bytes.byteLength, position));
        settle(
          delay(plan.decision.delayMs).then(async () => {
            const failure = tracing.injectedWriteFailure(session, plan, 'write');
            if (failure !== undefined) throw failure;
            const { bytesWritten } = (await write.call(handle, plan.data, 0, plan.data.byteLength, position)) as { bytesWritten: number };
            tracing.completeWrite(session, plan, bytesWritten);
            return { bytesWritten, buffer: resultData };
          }),
        );
      });
    });
  };
  replaceFunction(prototype, 'write', function (this: FileHandleLike, data: unknown, ...rest: unknown[]) {
    const normalised = normaliseWriteArguments(data, rest);
    return (normalised && tracedWrite(this, normalised.bytes, normalised.position, data)) ?? write.call(this, data, ...rest);
  });
  const writev = originalMethod('writev');
  replaceFunction(prototype, 'writev', function (this: FileHandleLike, buffers: unknown, position?: unknown) {
    const bytes = concatenateBuffers(buffers);
    const traced = bytes && tracedWrite(this, bytes, typeof position === 'number' ? position : null, buffers);
    return traced === undefined ? writev.call(this, buffers, position) : traced.then((result) => ({ ...(result as object), buffers }));
  });

  /** Writes every chunk of `data` (bytes, a string, or an iterable of them) at the handle's position. */
  const writeChunks = async (handle: FileHandleLike, data: unknown, rawOptions: unknown): Promise<void> => {
    const { encoding } = writeFileOptionsOf(rawOptions);
    const single = dataToBytes(data, encoding);
    const chunks: AsyncIterable<unknown> | Iterable<unknown> = single !== undefined ? [single] : (data as Iterable<unknown>);
    for await (const chunk of chunks) {
      const bytes = dataToBytes(chunk, encoding);
      if (bytes === undefined) throw new TypeError('unplug preload shim: writeFile data chunks must be strings or ArrayBufferViews');
      let writtenBytes = 0;
      while (writtenBytes < bytes.byteLength) {
        const result = (await (prototype['write'] as AnyFunction).call(handle, bytes, writtenBytes, bytes.byteLength - writtenBytes, null)) as {
          bytesWritten: number;
        };
        writtenBytes += result.bytesWritten;
      }
    }
  };
  for (const name of ['writeFile', 'appendFile']) {
    const originalWholeFile = originalMethod(name);
    replaceFunction(prototype, name, function (this: FileHandleLike, data: unknown, options?: unknown) {
      if (session.descriptors.get(this.fd) === undefined) return originalWholeFile.call(this, data, options);
      return writeChunks(this, data, options);
    });
  }
  for (const [name, defaultFlag] of [['writeFile', 'w'], ['appendFile', 'a']] as const) {
    const originalWholeFile = original(name);
    replaceFunction(promises, name, async (file: unknown, data: unknown, rawOptions?: unknown) => {
      const isHandle = typeof file === 'object' && file !== null && Object.getPrototypeOf(file) === prototype;
      if (isHandle) return (file as FileHandleLike).writeFile(data, rawOptions);
      if (session.root.relative(file) === undefined) return originalWholeFile(file, data, rawOptions);
      const options = writeFileOptionsOf(rawOptions);
      const handle = (await (promises['open'] as AnyFunction)(file, options.flag ?? defaultFlag, options.mode ?? 0o666)) as FileHandleLike;
      try {
        await handle.writeFile(data, rawOptions);
        if (options.flush === true) await handle.sync();
      } finally {
        await handle.close();
      }
      return undefined;
    });
  }

  for (const [name, syncKind] of [['sync', 'fsync'], ['datasync', 'fdatasync']] as const) {
    const originalSync = originalMethod(name);
    replaceFunction(prototype, name, async function (this: FileHandleLike) {
      const plan = tracing.planSync(session, this.fd, syncKind);
      if (plan === undefined) return originalSync.call(this);
      await delay(plan.decision.delayMs);
      const failure = tracing.injectedSyncFailure(session, plan);
      if (failure !== undefined) throw failure;
      await originalSync.call(this);
      tracing.completeSync(session, plan);
      return undefined;
    });
  }
  const truncate = originalMethod('truncate');
  replaceFunction(prototype, 'truncate', async function (this: FileHandleLike, lengthBytes?: unknown) {
    await truncate.call(this, lengthBytes);
    tracing.recordDescriptorTruncate(session, this.fd, typeof lengthBytes === 'number' ? lengthBytes : 0);
  });
  const read = originalMethod('read');
  replaceFunction(prototype, 'read', async function (this: FileHandleLike, ...args: unknown[]) {
    const fd = this.fd;
    const result = (await read.apply(this, args)) as { bytesRead: number };
    tracing.completeRead(session, fd, readPositionOf(args), result.bytesRead);
    return result;
  });

  const truncatePath = original('truncate');
  replaceFunction(promises, 'truncate', async (file: unknown, lengthBytes?: unknown) => {
    if (session.root.relative(file) === undefined) return truncatePath(file, lengthBytes);
    const handle = (await (promises['open'] as AnyFunction)(file, 'r+')) as FileHandleLike;
    try {
      await handle.truncate(typeof lengthBytes === 'number' ? lengthBytes : 0);
    } finally {
      await handle.close();
    }
    return undefined;
  });
  const rename = original('rename');
  replaceFunction(promises, 'rename', async (source: unknown, target: unknown) => {
    await rename(source, target);
    tracing.recordRename(session, source, target);
  });
  const unlink = original('unlink');
  replaceFunction(promises, 'unlink', async (file: unknown) => {
    await unlink(file);
    tracing.recordRemove(session, file);
  });
  const mkdir = original('mkdir');
  replaceFunction(promises, 'mkdir', async (directory: unknown, options?: unknown) => {
    const created = tracing.planMkdir(session, directory, options);
    const result: unknown = await mkdir(directory, options);
    tracing.recordMkdir(session, created);
    return result;
  });
}
