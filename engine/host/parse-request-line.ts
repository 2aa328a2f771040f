/**
 * Reads one protocol-v1 request line (format: `protocol.ts`). Never throws on
 * bad input: a malformed line becomes an `invalid` result whose message names
 * the problem precisely, so the client can fix its request and the host keeps
 * serving.
 */
import { Buffer } from 'node:buffer';
import type { Write } from '../engine-types.js';
import { roundTripProblem } from '../store/text-round-trip.js';
import { PROTOCOL_LIMITS, REQUEST_TYPES, type Request } from './protocol.js';

/** What `parseRequestLine` found: a request, or the problem with the line. */
export type ParsedRequestLine =
  | { readonly kind: 'request'; readonly request: Request }
  /** `id` is null when the line has no usable id; `tx` is set for a commit whose tx was readable. */
  | { readonly kind: 'invalid'; readonly id: number | null; readonly tx?: number; readonly message: string };

/** A problem found while reading a line; turned into an `invalid` result at the top. */
class InvalidRequest extends Error {
  constructor(
    message: string,
    readonly id: number | null,
    readonly tx?: number,
  ) {
    super(message);
  }
}

/** Parses one request line (without its newline). */
export function parseRequestLine(line: string): ParsedRequestLine {
  try {
    return { kind: 'request', request: readRequest(line) };
  } catch (error) {
    if (!(error instanceof InvalidRequest)) throw error;
    return error.tx === undefined
      ? { kind: 'invalid', id: error.id, message: error.message }
      : { kind: 'invalid', id: error.id, tx: error.tx, message: error.message };
  }
}

function readRequest(line: string): Request {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidRequest(`request line is not JSON (${reason}): ${preview(line)}`, null);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidRequest(`request must be a JSON object, got ${describe(parsed)}`, null);
  }
  const fields = parsed as Readonly<Record<string, unknown>>;
  if (!('id' in fields)) throw new InvalidRequest('request has no "id"', null);
  const id = readCount(fields['id'], '"id"', null);
  const type = fields['type'];
  if (typeof type !== 'string') {
    throw new InvalidRequest(`request has no string "type" (one of ${REQUEST_TYPES.join(', ')}), got ${describe(type)}`, id);
  }
  switch (type) {
    case 'commit':
      return readCommit(fields, id);
    case 'get':
      return { type: 'get', id, key: readKey(fields['key'], '"key"', id) };
    case 'dump':
    case 'checkpoint':
    case 'close':
    case 'status':
    case 'promote':
      return { type, id };
    default:
      throw new InvalidRequest(`unknown request type ${JSON.stringify(preview(type))} (expected one of ${REQUEST_TYPES.join(', ')})`, id);
  }
}

function readCommit(fields: Readonly<Record<string, unknown>>, id: number): Request {
  if (!('tx' in fields)) throw new InvalidRequest('commit has no "tx"', id);
  const tx = readCount(fields['tx'], '"tx"', id);
  const writes = fields['writes'];
  if (!Array.isArray(writes)) {
    throw new InvalidRequest(`commit "writes" must be an array of [key, value] pairs, got ${describe(writes)}`, id, tx);
  }
  if (writes.length > PROTOCOL_LIMITS.writesPerCommitMax) {
    throw new InvalidRequest(`commit has ${writes.length} writes, more than the limit of ${PROTOCOL_LIMITS.writesPerCommitMax}`, id, tx);
  }
  const checked: Write[] = [];
  for (let index = 0; index < writes.length; index += 1) {
    const write: unknown = writes[index];
    const where = `writes[${index}]`;
    if (!Array.isArray(write) || write.length !== 2) {
      throw new InvalidRequest(`${where} must be a [key, value] pair (value a string, or null to delete), got ${describe(write)}`, id, tx);
    }
    const key = readKey(write[0], `${where}[0] (the key)`, id, tx);
    const value: unknown = write[1];
    if (value !== null && typeof value !== 'string') {
      throw new InvalidRequest(`${where}[1] (the value) must be a string, or null to delete, got ${describe(value)}`, id, tx);
    }
    if (value !== null) checkText(value, `${where}[1] (the value)`, PROTOCOL_LIMITS.valueSizeBytesMax, id, tx);
    checked.push([key, value]);
  }
  return { type: 'commit', id, tx, writes: checked };
}

function readCount(value: unknown, what: string, id: number | null): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidRequest(`${what} must be a non-negative safe integer, got ${describe(value)}`, id);
  }
  return value;
}

function readKey(value: unknown, what: string, id: number, tx?: number): string {
  if (typeof value !== 'string') throw new InvalidRequest(`${what} must be a string, got ${describe(value)}`, id, tx);
  checkText(value, what, PROTOCOL_LIMITS.keySizeBytesMax, id, tx);
  return value;
}

/** Refuses a key or value that cannot round-trip through UTF-8 or is over its limit. */
function checkText(text: string, what: string, limitBytes: number, id: number, tx?: number): void {
  const problem = roundTripProblem(text);
  if (problem !== undefined) throw new InvalidRequest(`${what} ${problem}`, id, tx);
  checkSize(text, what, limitBytes, id, tx);
}

function checkSize(text: string, what: string, limitBytes: number, id: number, tx?: number): void {
  // Most strings are short; only measure bytes when the character count allows a breach.
  if (text.length * 3 <= limitBytes) return;
  const sizeBytes = Buffer.byteLength(text, 'utf8');
  if (sizeBytes > limitBytes) {
    throw new InvalidRequest(`${what} is ${sizeBytes} bytes, more than the limit of ${limitBytes}`, id, tx);
  }
}

/** A short description of a JSON value for error messages. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? `string ${preview(JSON.stringify(value))}` : `${typeof value} ${String(value)}`;
}

/** The start of a possibly huge text, for error messages (bounded: messages go on one line). */
function preview(text: string): string {
  const previewCharactersMax = 80;
  return text.length <= previewCharactersMax ? text : `${text.slice(0, previewCharactersMax)}... (${text.length} characters)`;
}
