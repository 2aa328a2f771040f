/**
 * What the bench's echo child (`echo-child.ts`) answers: just enough of
 * protocol v1 for the harness's client to drive it like an engine. Every
 * `commit` gets an `ack` at lsn 0/0, `close` gets `ok`, anything else an error.
 */

/** The longest request line the echo child buffers. */
export const ECHO_LINE_CHARACTERS_MAX = 1024 * 1024;

/** The echo child's `ready` line. */
export const ECHO_READY_LINE = '{"type":"ready","lsn":"0/0"}';

/** One answer: the response line, and whether the child ends after writing it. */
export interface EchoAnswer {
  readonly line: string;
  readonly closes: boolean;
}

/** The answer to one request line, or undefined for a blank line. */
export function echoResponse(line: string): EchoAnswer | undefined {
  if (line.trim() === '') return undefined;
  let request: { readonly id?: unknown; readonly type?: unknown; readonly tx?: unknown };
  try {
    request = JSON.parse(line) as typeof request;
  } catch {
    return { line: JSON.stringify({ id: null, type: 'error', code: 'BAD_REQUEST', message: 'request line is not JSON' }), closes: false };
  }
  const id = typeof request.id === 'number' ? request.id : null;
  if (request.type === 'commit') return { line: JSON.stringify({ id, type: 'ack', tx: request.tx, lsn: '0/0' }), closes: false };
  if (request.type === 'close') return { line: JSON.stringify({ id, type: 'ok' }), closes: true };
  return { line: JSON.stringify({ id, type: 'error', code: 'BAD_REQUEST', message: 'the echo child answers commit and close only' }), closes: false };
}
