/**
 * Small expectations shared by the file-system tests: byte arrays from numbers,
 * and a failed call's `FileSystemError` code.
 */
import { expect } from 'vitest';
import { FileSystemError } from '../file-system.js';

/** Expects `action` to throw a `FileSystemError` with `code`. */
export function expectFileSystemError(action: () => unknown, code: string): FileSystemError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(FileSystemError);
  expect((thrown as FileSystemError).code).toBe(code);
  return thrown as FileSystemError;
}

/** Bytes from a list of numbers. */
export function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}
