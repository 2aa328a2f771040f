/**
 * Reads protocol-v1 response lines (docs/protocol.md) from an engine under
 * test. The harness trusts nothing an engine prints: every line is checked, and
 * a line that is not a well-formed response is a `garbage` result that names it.
 */

/** A parsed response line. */
export type EngineResponse =
  /** `id` is set on the answer to a `reopen` request; `capabilities` lists what the engine offers (protocol.ts). */
  | { readonly type: 'ready'; readonly lsn: string; readonly line: string; readonly capabilities: readonly string[]; readonly id?: number }
  | { readonly type: 'fatal'; readonly code: string; readonly message: string; readonly line: string; readonly id?: number }
  | { readonly type: 'ack'; readonly id: number; readonly tx: number; readonly lsn: string }
  | { readonly type: 'error'; readonly id: number | null; readonly code: string; readonly message: string }
  | { readonly type: 'value'; readonly id: number; readonly value: string | null }
  | { readonly type: 'dump'; readonly id: number; readonly entries: readonly (readonly [string, string])[]; readonly lsn: string }
  | { readonly type: 'ok'; readonly id: number }
  | { readonly type: 'promoted'; readonly id: number; readonly timeline: number; readonly lsn: string }
  | { readonly type: 'garbage'; readonly line: string; readonly reason: string };

/** Lines are shown at most this long in messages. */
const LINE_PREVIEW_CHARACTERS = 120;

/** A line shortened for an error message. */
export function previewLine(line: string): string {
  return line.length <= LINE_PREVIEW_CHARACTERS ? line : `${line.slice(0, LINE_PREVIEW_CHARACTERS)}...`;
}

function isEntryList(value: unknown): value is [string, string][] {
  return Array.isArray(value) && value.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'string');
}

/** Parses one line an engine printed. */
export function parseEngineResponse(line: string): EngineResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { type: 'garbage', line, reason: 'not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { type: 'garbage', line, reason: 'not a JSON object' };
  const message = parsed as Record<string, unknown>;
  const id = message['id'];
  const hasId = typeof id === 'number' && Number.isSafeInteger(id);
  const string = (name: string): string | undefined => (typeof message[name] === 'string' ? (message[name] as string) : undefined);
  switch (message['type']) {
    case 'ready': {
      const listed = message['capabilities'];
      // Unknown or malformed capabilities are ignored: the harness only uses those it knows.
      const capabilities = Array.isArray(listed) ? listed.filter((name): name is string => typeof name === 'string') : [];
      return { type: 'ready', lsn: string('lsn') ?? '', line, capabilities, ...(hasId ? { id } : {}) };
    }
    case 'fatal':
      return { type: 'fatal', code: string('code') ?? 'UNKNOWN', message: string('message') ?? '', line, ...(hasId ? { id } : {}) };
    case 'ack':
      if (hasId && typeof message['tx'] === 'number' && typeof message['lsn'] === 'string') return { type: 'ack', id, tx: message['tx'], lsn: message['lsn'] };
      break;
    case 'error':
      if ((hasId || id === null) && typeof message['code'] === 'string') return { type: 'error', id: hasId ? id : null, code: message['code'], message: string('message') ?? '' };
      break;
    case 'value':
      if (hasId && (typeof message['value'] === 'string' || message['value'] === null)) return { type: 'value', id, value: message['value'] };
      break;
    case 'dump':
      if (hasId && isEntryList(message['entries'])) return { type: 'dump', id, entries: message['entries'], lsn: string('lsn') ?? '' };
      break;
    case 'ok':
      if (hasId) return { type: 'ok', id };
      break;
    case 'promoted':
      if (hasId && typeof message['timeline'] === 'number' && typeof message['lsn'] === 'string') return { type: 'promoted', id, timeline: message['timeline'], lsn: message['lsn'] };
      break;
    default:
      return { type: 'garbage', line, reason: `unknown response type ${JSON.stringify(message['type'])}` };
  }
  return { type: 'garbage', line, reason: `malformed ${String(message['type'])} response` };
}
