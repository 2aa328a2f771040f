/**
 * Drives `node bin/unplug.js engine` as a real child process for tests: sends
 * request lines, reads response lines with a timeout, kills it with SIGKILL.
 * Deliberately small and independent of the harness's own engine client, so
 * that the command is tested against the protocol as documented, not against
 * another component's reading of it.
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { REPOSITORY_ROOT } from './ensure-fresh-build.js';

const LINE_TIMEOUT_MS = 15_000;
const EXIT_TIMEOUT_MS = 15_000;

/** A response line, parsed. */
export type ResponseLine = Readonly<Record<string, unknown>>;

/** How the child ended. */
export interface ChildExit {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly stderr: string;
}

/** A running `unplug engine` child. */
export class EngineChild {
  readonly #lines: string[] = [];
  readonly #waiters: (() => void)[] = [];
  #ended = false;

  private constructor(readonly subprocess: ResultPromise<{ buffer: { stdout: false; stderr: true }; reject: false }>) {
    const reader = createInterface({ input: subprocess.stdout! });
    reader.on('line', (line) => {
      this.#lines.push(line);
      this.#wake();
    });
    reader.on('close', () => {
      this.#ended = true;
      this.#wake();
    });
  }

  /** Starts `unplug engine` with `argv` (after `engine`). */
  static start(argv: readonly string[], environment: Readonly<Record<string, string>> = {}): EngineChild {
    const subprocess = execa('node', [join(REPOSITORY_ROOT, 'bin', 'unplug.js'), 'engine', ...argv], {
      buffer: { stdout: false, stderr: true },
      reject: false,
      env: environment,
      timeout: 60_000,
    });
    return new EngineChild(subprocess);
  }

  /** Writes one request line (an object is JSON-encoded). */
  send(...requests: readonly (object | string)[]): void {
    this.subprocess.stdin!.write(requests.map((request) => `${typeof request === 'string' ? request : JSON.stringify(request)}\n`).join(''));
  }

  /** The next response line, parsed; fails after a timeout or at end of output. */
  async nextLine(): Promise<ResponseLine> {
    const deadline = Date.now() + LINE_TIMEOUT_MS;
    while (this.#lines.length === 0) {
      if (this.#ended) {
        // Say why: an engine that ends without a line said it on stderr, or was killed.
        const ended = await this.exit().catch((error: unknown) => ({ exitCode: undefined, signal: undefined, stderr: String(error) }));
        throw new Error(`the engine closed its stdout (exit code ${ended.exitCode}, signal ${ended.signal}): ${ended.stderr.trim() || 'nothing on stderr'}`);
      }
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) throw new Error(`no response line within ${LINE_TIMEOUT_MS} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remainingMs);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return JSON.parse(this.#lines.shift()!) as ResponseLine;
  }

  /** Reads lines until every id in `ids` is answered; returns the answers by id. */
  async responsesFor(ids: readonly number[]): Promise<Map<number, ResponseLine>> {
    const answers = new Map<number, ResponseLine>();
    while (answers.size < new Set(ids).size) {
      const line = await this.nextLine();
      if (typeof line['id'] === 'number' && ids.includes(line['id'])) answers.set(line['id'], line);
    }
    return answers;
  }

  /** Closes stdin (end of input). */
  endInput(): void {
    this.subprocess.stdin!.end();
  }

  /** SIGKILLs the child and waits for it to die. */
  async kill(): Promise<ChildExit> {
    this.subprocess.kill('SIGKILL');
    return this.exit();
  }

  /** Waits for the child to exit. */
  async exit(): Promise<ChildExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the engine did not exit within ${EXIT_TIMEOUT_MS} ms`)), EXIT_TIMEOUT_MS);
    });
    try {
      const result = await Promise.race([this.subprocess, timeout]);
      return { exitCode: result.exitCode, signal: result.signal, stderr: String(result.stderr ?? '') };
    } finally {
      clearTimeout(timer);
    }
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}
