import { describe, expect, it } from 'vitest';
import { FileWriteQueue } from './file-write-queue.js';

describe('FileWriteQueue', () => {
  it('runs the writes of one file one at a time, in order, and other files alongside', () => {
    const queue = new FileWriteQueue();
    const started: string[] = [];
    const finishers = new Map<string, () => void>();
    const task = (name: string) => (finish: () => void) => {
      started.push(name);
      finishers.set(name, finish);
    };
    queue.run(1, task('1a'));
    queue.run(1, task('1b'));
    queue.run(2, task('2a'));
    queue.run(1, task('1c'));
    expect(started).toEqual(['1a', '2a']);
    finishers.get('1a')?.();
    finishers.get('1a')?.(); // finishing twice does not start two tasks
    expect(started).toEqual(['1a', '2a', '1b']);
    finishers.get('1b')?.();
    expect(started).toEqual(['1a', '2a', '1b', '1c']);
  });
});
