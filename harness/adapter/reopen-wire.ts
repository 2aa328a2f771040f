/**
 * The wire of the `reopen` capability as the adapter kit speaks it (the format
 * is documented once, in `engine/host/protocol.ts`): the first `ready` line
 * listing the capability, the `reopen` request, and its answer, a start's
 * `ready` or `fatal` line with the request's `id` in front:
 *
 *   {"type":"ready","lsn":"0/0","recovery":{...},"capabilities":["reopen"]}
 *   {"id":9,"type":"reopen","dir":"/tmp/state-2"}
 *   {"id":9,"type":"ready","lsn":"0/1C","recovery":{...}}   or   {"id":9,"type":"fatal","code":"CORRUPT","message":"..."}
 *
 * The reference host's encoder writes the `ready` and `fatal` bodies, so their
 * field order is the host's; this file only adds `capabilities` and `id`.
 */
import { encodeResponse } from '../../engine/host/encode-response.js';
import { ENGINE_CAPABILITIES, type FatalResponse, type ReadyResponse, type ReopenRequest } from '../../engine/host/protocol.js';

/** The first `ready` line of an engine that offers `reopen`. */
export function encodeReadyWithReopen(ready: ReadyResponse): string {
  return JSON.stringify({ ...(JSON.parse(encodeResponse(ready)) as object), capabilities: [ENGINE_CAPABILITIES.reopen] });
}

/** The answer to a `reopen` request: the start's line with the request's id first. */
export function encodeReopenAnswer(id: number, response: ReadyResponse | FatalResponse): string {
  return JSON.stringify({ id, ...(JSON.parse(encodeResponse(response)) as object) });
}

/** A parsed `reopen` line, a malformed one (answered with BAD_REQUEST), or undefined for any other line. */
export type ParsedReopenLine = { readonly kind: 'reopen'; readonly request: ReopenRequest } | { readonly kind: 'invalid'; readonly id: number | null; readonly message: string } | undefined;

/** Reads a `reopen` request line; other lines (undefined) go to the host's request parser. */
export function parseReopenLine(line: string): ParsedReopenLine {
  // Cheap test first: this runs on every request line, commits included.
  if (!line.includes('"reopen"')) return undefined;
  let fields: unknown;
  try {
    fields = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof fields !== 'object' || fields === null || (fields as { type?: unknown }).type !== 'reopen') return undefined;
  const { id, dir } = fields as { id?: unknown; dir?: unknown };
  const validId = typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
  if (validId === null) return { kind: 'invalid', id: null, message: `a reopen request needs a non-negative integer "id", got ${JSON.stringify(id) ?? 'none'}` };
  if (typeof dir !== 'string' || dir === '') return { kind: 'invalid', id: validId, message: `a reopen request needs a non-empty string "dir", got ${JSON.stringify(dir) ?? 'none'}` };
  return { kind: 'reopen', request: { type: 'reopen', id: validId, dir } };
}
