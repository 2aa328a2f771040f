import { describe, expect, it } from 'vitest';
import type { Change } from '../../engine/cdc/change-line.js';
import { checkChangeStream } from './check-change-stream.js';

const change = (lsn: number, tx: number, key: string, old: string | null, value: string | null): Change => ({ lsn, tx, key, old, new: value, write: 0, writes: 1 });
const LOG = [change(0x40, 1, 'a', null, '1'), change(0x80, 2, 'a', '1', '2'), change(0xc0, 3, 'b', null, '3')];

describe('C1: the change stream is exactly the committed sequence', () => {
  it('holds for a stream resumed after a consumer crash, with a duplicate at the confirmed LSN', () => {
    const history = {
      sessions: [
        { fromLsn: 0, changes: [LOG[0], LOG[1]] as Change[] },
        { fromLsn: 0x40, changes: [LOG[0], LOG[1], LOG[2]] as Change[] },
      ],
      confirmed: LOG,
    };
    expect(checkChangeStream(history, LOG)).toEqual([]);
  });

  it('catches a phantom: a change emitted that the recovered log does not hold', () => {
    const lost = change(0xc0, 9, 'b', null, 'gone');
    const findings = checkChangeStream({ sessions: [{ label: 'cycle 1, drain', fromLsn: 0, changes: [LOG[0] as Change, LOG[1] as Change, lost] }], confirmed: [LOG[0] as Change, LOG[1] as Change, lost] }, LOG);
    expect(findings.map((finding) => finding.property)).toContain('C1');
    expect(findings[0]?.message).toMatch(/^phantom change: the consumer received tx 9 at 0\/C0 .* \(cycle 1, drain\), but the recovered log holds tx 3 at 0\/C0/);
  });

  it('catches a gap inside a session and a loss at the end', () => {
    const findings = checkChangeStream({ sessions: [{ fromLsn: 0, changes: [LOG[0] as Change, LOG[2] as Change] }], confirmed: [LOG[0] as Change, LOG[2] as Change] }, LOG);
    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringMatching(/^reader session 0 \(from 0\/0\): emitted tx 3 .* where the committed sequence has tx 2/),
      expect.stringMatching(/^lost change: the consumer confirmed 1 changes matching the log, then tx 3 .* log's next is tx 2/),
    ]);
  });

  it('catches a duplicate above the confirmed LSN', () => {
    const findings = checkChangeStream({ sessions: [{ fromLsn: 0x40, changes: [LOG[1] as Change, LOG[1] as Change, LOG[2] as Change] }], confirmed: LOG }, LOG);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/emitted tx 2 .* where the committed sequence has tx 3/);
  });
});
