/**
 * Pulls the plug at a chosen operation: just before the N-th mutating operation
 * (counting from 0) it takes a power-loss crash clone of the wrapped
 * MemFileSystem (only synced state survives) and tells the test, which records
 * what had been acknowledged at that instant. The run then goes on untouched;
 * the test recovers from the clone. With N past the last operation, `crashNow`
 * takes the clone at the end.
 */
import type { MemFileSystem } from '../fs/mem-file-system.js';
import type { MutatingOperation } from './hooked-file-system.js';
import { HookedFileSystem } from './hooked-file-system.js';

/** A MemFileSystem decorator that snapshots the durable state before operation N. */
export class CrashPointFileSystem extends HookedFileSystem {
  private operations = 0;
  private snapshot: MemFileSystem | undefined;

  constructor(
    private readonly memory: MemFileSystem,
    private readonly crashAtOperation: number,
    private readonly onCrash: () => void = () => {},
    private readonly unsynced: 'drop' | 'keep' = 'drop',
  ) {
    super(memory);
  }

  override beforeOperation(_operation: MutatingOperation, _path: string): void {
    if (this.operations === this.crashAtOperation) this.crashNow();
    this.operations += 1;
  }

  /** Takes the crash clone now, unless one was taken already. */
  crashNow(): void {
    if (this.snapshot !== undefined) return;
    this.snapshot = this.memory.crashClone({ unsynced: this.unsynced });
    this.onCrash();
  }

  /** Mutating operations seen so far. */
  operationCount(): number {
    return this.operations;
  }

  /** The crash clone (taken at the crash point, or now if it was never reached). */
  crashState(): MemFileSystem {
    this.crashNow();
    const snapshot = this.snapshot;
    if (snapshot === undefined) throw new Error('crash clone missing');
    return snapshot;
  }
}
