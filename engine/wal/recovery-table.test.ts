import { describe, expect, it } from 'vitest';
import { AssertionFailure } from '../invariants.js';
import { decideRecovery, RECOVERY_TABLE, rowMatches } from './recovery-table.js';
import type { RecoveryInputs } from './recovery-table.js';
import type { ScanStopKind } from './wal-scan.js';

const STOP_KINDS: readonly ScanStopKind[] = ['missing-segment', 'zeros', 'stale', 'torn'];
const BOOLEANS = [false, true] as const;

/** Every combination of the table's classifying inputs. */
function everyInput(): RecoveryInputs[] {
  const inputs: RecoveryInputs[] = [];
  for (const logFound of BOOLEANS) {
    for (const laterFlushRecordFound of BOOLEANS) {
      for (const stopsBeforeProvenEnd of BOOLEANS) {
        for (const endsAtCleanClose of BOOLEANS) {
          for (const stopKind of STOP_KINDS) inputs.push({ logFound, laterFlushRecordFound, stopsBeforeProvenEnd, endsAtCleanClose, stopKind });
        }
      }
    }
  }
  return inputs;
}

function decide(partial: Partial<RecoveryInputs>): string {
  return decideRecovery({ logFound: true, laterFlushRecordFound: false, stopsBeforeProvenEnd: false, endsAtCleanClose: false, stopKind: 'zeros', ...partial }).decision;
}

describe('recovery decision table', () => {
  it('matches every combination of its inputs with exactly one row', () => {
    const inputs = everyInput();
    expect(inputs).toHaveLength(64);
    for (const input of inputs) {
      expect(RECOVERY_TABLE.filter((row) => rowMatches(row, input)), JSON.stringify(input)).toHaveLength(1);
    }
  });

  it('uses every row for some combination', () => {
    const used = new Set(everyInput().map((input) => decideRecovery(input)));
    expect(used.size).toBe(RECOVERY_TABLE.length);
  });

  it('decides the documented rows', () => {
    expect(decide({ logFound: false, laterFlushRecordFound: true, stopsBeforeProvenEnd: true })).toBe('empty');
    expect(decide({ stopKind: 'missing-segment' })).toBe('clean-end');
    expect(decide({ stopKind: 'zeros' })).toBe('zero-filled-tail');
    expect(decide({ stopKind: 'stale' })).toBe('stale-recycled-record');
    expect(decide({ stopKind: 'torn' })).toBe('torn-tail');
    for (const stopKind of STOP_KINDS) {
      expect(decide({ stopKind, endsAtCleanClose: true })).toBe('clean-shutdown');
      expect(decide({ stopKind, laterFlushRecordFound: true })).toBe('corrupt');
      expect(decide({ stopKind, stopsBeforeProvenEnd: true })).toBe('corrupt');
      // A witness or a later record outranks a clean-close mark: damage is never called clean.
      expect(decide({ stopKind, endsAtCleanClose: true, laterFlushRecordFound: true })).toBe('corrupt');
      expect(decide({ stopKind, endsAtCleanClose: true, stopsBeforeProvenEnd: true })).toBe('corrupt');
    }
  });

  it('fails loudly on a table with a gap or an overlap', () => {
    const input: RecoveryInputs = { logFound: true, laterFlushRecordFound: false, stopsBeforeProvenEnd: false, endsAtCleanClose: false, stopKind: 'torn' };
    const withGap = RECOVERY_TABLE.filter((row) => row.decision !== 'torn-tail');
    expect(() => decideRecovery(input, withGap)).toThrow(AssertionFailure);
    const tornRow = RECOVERY_TABLE.find((row) => row.decision === 'torn-tail');
    if (tornRow === undefined) throw new Error('the table has a torn-tail row');
    const withOverlap = [...RECOVERY_TABLE, { ...tornRow, decision: 'clean-end' as const }];
    expect(() => decideRecovery(input, withOverlap)).toThrow(AssertionFailure);
  });
});
