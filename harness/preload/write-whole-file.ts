/**
 * writeFile and appendFile of the callback API, rebuilt from the patched
 * callback primitives (open, write, fsync, close) so that they are traced the
 * same way whatever Node does inside its own implementation.
 */
import { writeFileOptionsOf, type AnyFunction, type PatchableObject } from './patchable.js';
import { dataToBytes } from './write-arguments.js';

/** Calls the callback-style function `name` of `fs` (looked up now: the patched one) as a promise. */
function callbackCall<T>(fs: PatchableObject, name: string, ...args: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    (fs[name] as AnyFunction)(...args, (error: unknown, result: T) => {
      if (error === null || error === undefined) resolve(result);
      else reject(error as Error);
    });
  });
}

/**
 * Writes `data` to `file` (a path, opened with `options.flag` or `defaultFlag`,
 * or a descriptor, written at its position) through the patched callback
 * primitives. Returns undefined for data that is not a string or an
 * ArrayBufferView, which the caller hands to the original instead.
 */
export function writeWholeFile(fs: PatchableObject, file: unknown, data: unknown, rawOptions: unknown, defaultFlag: string): Promise<void> | undefined {
  const options = writeFileOptionsOf(rawOptions);
  const bytes = dataToBytes(data, options.encoding);
  if (bytes === undefined) return undefined;
  return (async () => {
    const fd = typeof file === 'number' ? file : await callbackCall<number>(fs, 'open', file, options.flag ?? defaultFlag, options.mode ?? 0o666);
    try {
      let writtenBytes = 0;
      while (writtenBytes < bytes.byteLength) {
        writtenBytes += await callbackCall<number>(fs, 'write', fd, bytes, writtenBytes, bytes.byteLength - writtenBytes, null);
      }
      if (options.flush === true) await callbackCall<void>(fs, 'fsync', fd);
    } finally {
      if (typeof file !== 'number') await callbackCall<void>(fs, 'close', fd);
    }
  })();
}
