/**
 * Helpers to replace functions on a module object (node:fs, fs.promises, the
 * FileHandle prototype) while keeping the originals, so the shim's own calls
 * never go through its patches by accident.
 */

/** Any function, as the shim sees the node:fs functions it wraps: arguments are validated by the originals. */
export type AnyFunction = (...args: any[]) => any;

/** An object whose function properties can be replaced. */
export type PatchableObject = Record<string, unknown>;

/** The original function `name` of `target`; asserts it exists (a Node version without it is unsupported). */
export function originalFunction(target: PatchableObject, name: string): AnyFunction {
  const value = target[name];
  if (typeof value !== 'function') throw new Error(`unplug preload shim: this Node version has no function ${name} to patch`);
  return value as AnyFunction;
}

/**
 * Replaces `target[name]` with `replacement`, keeping the original's name for
 * stack traces and its symbol-keyed properties: util.promisify reads them
 * (fs.write and fs.read resolve to objects through one), so a program that
 * promisifies a patched function sees what it would without the shim.
 */
export function replaceFunction(target: PatchableObject, name: string, replacement: AnyFunction): void {
  const original = target[name];
  if (typeof original === 'function') {
    for (const key of Object.getOwnPropertySymbols(original)) {
      Object.defineProperty(replacement, key, Object.getOwnPropertyDescriptor(original, key) as PropertyDescriptor);
    }
  }
  Object.defineProperty(replacement, 'name', { value: name });
  target[name] = replacement;
}

/** The callback of a node:fs callback-style call (its last argument), or undefined. */
export function callbackOf(args: readonly unknown[]): AnyFunction | undefined {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as AnyFunction) : undefined;
}

/** The options object of a writeFile-style call (a string means an encoding). */
export interface WriteFileOptions {
  readonly encoding?: string | null;
  readonly flag?: string | number;
  readonly mode?: number;
  readonly flush?: boolean;
}

/** Normalises writeFile-style options. */
export function writeFileOptionsOf(options: unknown): WriteFileOptions {
  if (typeof options === 'string') return { encoding: options };
  if (typeof options === 'object' && options !== null) return options as WriteFileOptions;
  return {};
}
