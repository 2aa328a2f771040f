/**
 * One committed change as `unplug engine cdc` prints it: one JSON line per
 * write of a commit, in LSN order and, inside a commit, in the order of its
 * writes. The field order is fixed so the line is stable byte for byte:
 *
 *   {"lsn":"0/1030","tx":7,"key":"a","old":null,"new":"x","write":0,"writes":2}
 *   {"lsn":"0/1030","tx":7,"key":"b","old":"y","new":null,"write":1,"writes":2}
 *
 *   lsn     the commit's LSN (its first record's position), X/Y hex as PostgreSQL prints it
 *   tx      the commit's transaction id, as the client gave it
 *   key     the key written
 *   old     its value before this write (null: absent), replayed from the checkpoint as recovery does
 *   new     its value after (null: deleted)
 *   write   the write's index inside the commit, from 0
 *   writes  how many writes the commit has: a consumer that confirms only whole
 *           commits confirms at the line where write + 1 === writes
 *
 * A consumer confirms an LSN once it has processed a whole commit durably and
 * restarts with `--from-lsn <that LSN>`: it then gets exactly the commits
 * after it, so it never sees a duplicate.
 */
import type { Lsn } from '../wal/lsn.js';
import { formatLsn, parseLsn } from '../wal/lsn.js';

/** One write of a committed transaction, with the value it replaced. */
export interface Change {
  readonly lsn: Lsn;
  readonly tx: number;
  readonly key: string;
  readonly old: string | null;
  readonly new: string | null;
  readonly write: number;
  readonly writes: number;
}

/** The JSON line of `change` (without the newline). */
export function encodeChangeLine(change: Change): string {
  return JSON.stringify({
    lsn: formatLsn(change.lsn),
    tx: change.tx,
    key: change.key,
    old: change.old,
    new: change.new,
    write: change.write,
    writes: change.writes,
  });
}

/** The change a line holds, or a one-line reason it is not a change line. */
export function parseChangeLine(line: string): Change | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return `not JSON: ${line.slice(0, 80)}`;
  }
  if (typeof value !== 'object' || value === null) return `not a JSON object: ${line.slice(0, 80)}`;
  const fields = value as Readonly<Record<string, unknown>>;
  const lsn = typeof fields['lsn'] === 'string' ? parseLsn(fields['lsn']) : undefined;
  const { tx, key, write, writes } = fields;
  const isValue = (candidate: unknown): candidate is string | null => candidate === null || typeof candidate === 'string';
  if (lsn === undefined) return `"lsn" is not an LSN: ${line.slice(0, 80)}`;
  if (typeof tx !== 'number' || !Number.isSafeInteger(tx)) return `"tx" is not an integer: ${line.slice(0, 80)}`;
  if (typeof key !== 'string') return `"key" is not a string: ${line.slice(0, 80)}`;
  if (!isValue(fields['old']) || !isValue(fields['new'])) return `"old" and "new" must be strings or null: ${line.slice(0, 80)}`;
  if (typeof write !== 'number' || typeof writes !== 'number' || !Number.isSafeInteger(write) || !Number.isSafeInteger(writes) || write < 0 || write >= writes) {
    return `"write" and "writes" must be integers with 0 <= write < writes: ${line.slice(0, 80)}`;
  }
  return { lsn, tx, key, old: fields['old'], new: fields['new'], write, writes };
}
