/**
 * The yardstick of the protocol host's round trip: a bare Node child that
 * speaks just enough of protocol v1 (`echo-response.ts`) to be driven by the
 * harness's own client, and does nothing else. `unplug bench` measures one
 * closed-loop client's round trip against it and against `unplug engine
 * --sync-method off` in the same run, so `hostRoundTripVsEcho` is the host's
 * own cost (line reading, request checks, the engine's commit path without a
 * sync, response encoding) over what any Node process pays for a pipe round
 * trip and one JSON parse.
 *
 * Run as `node echo-child.js [--dir <ignored>]`. It keeps no state and writes
 * no file; a request line over the limit ends it with exit code 2.
 */
import { ECHO_LINE_CHARACTERS_MAX, ECHO_READY_LINE, echoResponse } from './echo-response.js';

process.stdout.write(`${ECHO_READY_LINE}\n`);
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n')) {
    const answer = echoResponse(pending.slice(0, newline));
    pending = pending.slice(newline + 1);
    if (answer === undefined) continue;
    process.stdout.write(`${answer.line}\n`);
    if (answer.closes) process.exit(0);
  }
  if (pending.length > ECHO_LINE_CHARACTERS_MAX) {
    process.stderr.write(`echo child: a request line is longer than ${ECHO_LINE_CHARACTERS_MAX} characters\n`);
    process.exit(2);
  }
});
process.stdin.on('end', () => process.exit(0));
