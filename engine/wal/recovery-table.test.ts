import { describe, expect, it } from 'vitest';
import { AssertionFailure } from '../invariants.js';
import { decideRecovery, RECOVERY_TABLE, rowMatches } from './recovery-table.js';
import type { RecoveryInputs } from './recovery-table.js';
import type { ScanStopKind } from './wal-scan.js';

const STOP_KINDS: readonly ScanStopKind[] = ['missing-segment', 'zeros', 'stale', 'torn'];

/** Every combination of the table's classifying inputs. */
function everyInput(): RecoveryInputs[] {
  const inputs: RecoveryInputs[] = [];
  for (const logFound of [false, true]) {
    for (const stopKind of STOP_KINDS) {
      for (const laterFlushRecordFound of [false, true]) inputs.push({ logFound, stopKind, laterFlushRecordFound });
    }
  }
  return inputs;
}

describe('recovery decision table', () => {
  it('matches every combination of its inputs with exactly one row', () => {
    const inputs = everyInput();
    expect(inputs).toHaveLength(16);
    for (const input of inputs) {
      expect(RECOVERY_TABLE.filter((row) => rowMatches(row, input)), JSON.stringify(input)).toHaveLength(1);
    }
  });

  it('uses every row for some combination', () => {
    const used = new Set(everyInput().map((input) => decideRecovery(input).decision));
    expect([...used].sort()).toEqual(RECOVERY_TABLE.map((row) => row.decision).sort());
  });

  it('decides the documented rows', () => {
    const decide = (logFound: boolean, stopKind: ScanStopKind, later: boolean): string =>
      decideRecovery({ logFound, stopKind, laterFlushRecordFound: later }).decision;
    expect(decide(false, 'missing-segment', false)).toBe('empty');
    expect(decide(true, 'missing-segment', false)).toBe('clean-end');
    expect(decide(true, 'zeros', false)).toBe('zero-filled-tail');
    expect(decide(true, 'stale', false)).toBe('stale-recycled-record');
    expect(decide(true, 'torn', false)).toBe('torn-tail');
    for (const stopKind of STOP_KINDS) expect(decide(true, stopKind, true)).toBe('corrupt');
  });

  it('fails loudly on a table with a gap or an overlap', () => {
    const input: RecoveryInputs = { logFound: true, stopKind: 'torn', laterFlushRecordFound: false };
    const withGap = RECOVERY_TABLE.filter((row) => row.decision !== 'torn-tail');
    expect(() => decideRecovery(input, withGap)).toThrow(AssertionFailure);
    const withOverlap = [...RECOVERY_TABLE, { ...RECOVERY_TABLE[4]!, decision: 'clean-end' as const }];
    expect(() => decideRecovery(input, withOverlap)).toThrow(AssertionFailure);
  });
});
