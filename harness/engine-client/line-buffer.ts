/**
 * Splits a stream of text chunks into lines, with a bound on line length so an
 * engine that never prints a newline cannot make the harness buffer forever.
 */

/** Feeds chunks in; calls `onLine` for each complete line (without the newline). */
export interface LineBuffer {
  /** False when the pending line exceeded the limit (it is dropped). */
  push(chunk: string): boolean;
}

/** A line buffer calling `onLine` for each line of at most `lineCharactersMax` characters. */
export function createLineBuffer(lineCharactersMax: number, onLine: (line: string) => void): LineBuffer {
  let pending: string[] = [];
  let pendingLength = 0;
  return {
    push(chunk) {
      let start = 0;
      for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
        pending.push(chunk.slice(start, newline));
        const line = pending.join('');
        pending = [];
        pendingLength = 0;
        start = newline + 1;
        if (line.length > 0) onLine(line);
      }
      const rest = chunk.slice(start);
      if (rest.length === 0) return true;
      pending.push(rest);
      pendingLength += rest.length;
      if (pendingLength <= lineCharactersMax) return true;
      pending = [];
      pendingLength = 0;
      return false;
    },
  };
}
