/**
 * The durability oracle for engine tests: given the commits in the order they
 * were issued, which of them had been acknowledged at the crash, and the state
 * recovery produced, it checks that the recovered state is exactly the result of
 * a prefix of the commit order that includes every acknowledged commit (so every
 * acknowledged commit is present, no commit is half applied, nothing torn or
 * foreign appears, and there are no holes).
 */
import type { Write } from '../engine-types.js';

/** A commit as the test issued it. */
export interface IssuedCommit {
  readonly tx: number;
  readonly writes: readonly Write[];
}

/** The checker's verdict. */
export type PrefixVerdict =
  | { readonly kind: 'ok'; readonly prefixLength: number }
  | { readonly kind: 'violation'; readonly message: string };

/** Checks `recovered` against every prefix of `issued` at least as long as the last acknowledged commit. */
export function checkRecoveredPrefix(
  issued: readonly IssuedCommit[],
  acknowledgedTxs: ReadonlySet<number>,
  recovered: readonly (readonly [string, string])[],
): PrefixVerdict {
  let lastAcknowledged = -1;
  issued.forEach((commit, index) => {
    if (acknowledgedTxs.has(commit.tx)) lastAcknowledged = index;
  });
  const recoveredText = JSON.stringify([...recovered].sort(compareEntries));
  const state = new Map<string, string>();
  let matchingShorterPrefix: number | undefined;
  for (let length = 0; length <= issued.length; length += 1) {
    if (length > 0) {
      for (const [key, value] of issued[length - 1]?.writes ?? []) {
        if (value === null) state.delete(key);
        else state.set(key, value);
      }
    }
    if (JSON.stringify([...state.entries()].sort(compareEntries)) !== recoveredText) continue;
    if (length > lastAcknowledged) return { kind: 'ok', prefixLength: length };
    matchingShorterPrefix ??= length;
  }
  if (matchingShorterPrefix !== undefined) {
    const lost = issued[matchingShorterPrefix];
    return {
      kind: 'violation',
      message: `acknowledged commit lost: recovered state is the first ${matchingShorterPrefix} commits, but tx ${issued[lastAcknowledged]?.tx} was acknowledged (first missing: tx ${lost?.tx})`,
    };
  }
  return { kind: 'violation', message: `recovered state matches no prefix of the commit order: ${truncate(recoveredText)}` };
}

function compareEntries(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
