/**
 * The preload shim's end of the retarget channel: how the harness moves a
 * reused traced engine on to its next run (see `preload-session.ts` for when
 * the new target takes over). The harness starts the engine with an extra pipe
 * and names its descriptor in `ShimConfig.controlFd`; the engine never sees it.
 *
 * Wire format: newline-terminated JSON lines, one request and one answer at a
 * time, each line at most MAX_RETARGET_LINE_CHARACTERS.
 *
 *   harness -> shim   {"type":"retarget","shim":{ShimConfig without controlFd}}
 *   shim -> harness   {"type":"retargeted"}
 *                   | {"type":"refused","message":"<why>"}
 *
 * The harness sends `retarget` while the engine is idle (every request
 * answered), waits for `retargeted`, and only then sends the engine its
 * `reopen`: the new target is pending before the engine can touch the new
 * directory. The pipe is unreferenced, so it never keeps the engine alive.
 */
import net from 'node:net';
import { createCrashPoint } from '../shim/crash-point.js';
import { createFaultDecider } from '../shim/fault-decider.js';
import type { ShimConfig } from '../shim/shim-config.js';
import { openTraceWriter } from '../trace/trace-writer.js';
import type { PreloadSession, SessionTarget } from './preload-session.js';
import { checkPreloadConfigShape, MAX_SHIM_CONFIG_CHARACTERS } from './read-preload-config.js';
import { createRootPath } from './root-path.js';
import { createLineBuffer } from '../engine-client/line-buffer.js';

/** The longest line either side may send. */
export const MAX_RETARGET_LINE_CHARACTERS = MAX_SHIM_CONFIG_CHARACTERS + 64;

/** The request line that retargets the shim to `shim` (the harness's side). */
export function encodeRetargetRequest(shim: ShimConfig): string {
  const { controlFd: _ignored, ...next } = shim;
  return `${JSON.stringify({ type: 'retarget', shim: next })}\n`;
}

/** The session target a retarget request's config describes. */
export function sessionTargetOf(config: ShimConfig): SessionTarget {
  return {
    root: createRootPath(config.root),
    trace: config.tracePath === undefined ? undefined : openTraceWriter(config.tracePath),
    faults: createFaultDecider(config),
    crash: createCrashPoint(config),
  };
}

/** The answer to one request line: the target to make pending, or why it was refused. */
export function readRetargetRequest(line: string): { readonly kind: 'target'; readonly config: ShimConfig } | { readonly kind: 'refused'; readonly message: string } {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (error) {
    return { kind: 'refused', message: `not JSON: ${(error as Error).message}` };
  }
  if (typeof request !== 'object' || request === null || (request as { type?: unknown }).type !== 'retarget') return { kind: 'refused', message: 'not a retarget request' };
  try {
    return { kind: 'target', config: checkPreloadConfigShape((request as { shim?: unknown }).shim) };
  } catch (error) {
    return { kind: 'refused', message: (error as Error).message };
  }
}

/** Serves the retarget channel on descriptor `fd` for `session`. */
export function serveRetargetChannel(session: PreloadSession, fd: number): void {
  const socket = new net.Socket({ fd, readable: true, writable: true });
  socket.unref();
  // The harness going away is not the engine's problem: the channel just ends.
  socket.on('error', () => socket.destroy());
  const reply = (message: unknown): void => void socket.write(`${JSON.stringify(message)}\n`);
  const lines = createLineBuffer(MAX_RETARGET_LINE_CHARACTERS, (line) => reply(answer(session, line)));
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    if (!lines.push(chunk)) reply({ type: 'refused', message: `a line longer than ${MAX_RETARGET_LINE_CHARACTERS} characters` });
  });
}

function answer(session: PreloadSession, line: string): { readonly type: 'retargeted' } | { readonly type: 'refused'; readonly message: string } {
  const request = readRetargetRequest(line);
  if (request.kind === 'refused') return { type: 'refused', message: request.message };
  try {
    session.retargetWhenTouched(sessionTargetOf(request.config));
    return { type: 'retargeted' };
  } catch (error) {
    return { type: 'refused', message: (error as Error).message };
  }
}
