/**
 * `unplug bench --archive` measured in paired rounds: two in-process engines
 * with the same small segment size, one without archiving and one archiving
 * every completed segment to a directory on the same disk, stay open together,
 * and every round runs a short piece of each at 1 and at 64 clients. A figure
 * is the median over the rounds (the spread is the slowest and fastest round),
 * so a disk whose speed drifts moves both variants alike.
 *
 * After each archiving piece the bench records the archiver's backlog, then
 * waits (unmeasured, bounded) for it to drain, so that a backlog left by one
 * piece is never copied during the next piece of the other variant and
 * charged to it. The variants swap order every round, so neither always runs
 * on a disk just warmed (or just dirtied) by the other.
 */
import path from 'node:path';
import type { ArchiveBenchResult, ArchiveLagFigure, LatencyPercentilesUs } from '../../reports/bench/bench-report.js';
import { commitsPerSecond, median, rounded } from './bench-figures.js';
import { ARCHIVE_BENCH_MODES, ARCHIVE_CLIENTS, ARCHIVE_RECORD_BYTES, type ArchiveBenchMode } from './bench-plan.js';
import { openArchiveTarget, type ArchiveCommitTarget } from './archive-commit-target.js';
import { runClosedLoop } from './closed-loop-driver.js';

/**
 * Rounds: as many as give each piece about `pieceMs`, within these bounds. A
 * piece of 800 ms lets one client (about 2,700 commits/s of 1 KiB on the
 * development disk) fill two 1 MiB segments; at 400 ms half the one-client
 * pieces completed none.
 */
export const ARCHIVE_ROUNDS = Object.freeze({ minimum: 3, maximum: 40, pieceMs: 800, pieceMsMin: 50 });
/** The longest unmeasured wait for the archiver to drain after a piece, and how often it is polled. */
const DRAIN = Object.freeze({ waitMsMax: 10_000, pollMs: 10 });

/** What one piece measured. */
interface PieceSample {
  readonly commitsPerSecond: number;
  readonly latencyUs: LatencyPercentilesUs;
  readonly segmentsArchived: number;
  readonly lag: ArchiveLagFigure | null;
}

/** Waits until the archiver has nothing waiting, at most `DRAIN.waitMsMax`. */
async function drainArchiver(target: ArchiveCommitTarget): Promise<void> {
  const deadlineMs = performance.now() + DRAIN.waitMsMax;
  while ((target.archiveStatus()?.segmentsWaiting ?? 0) > 0 && performance.now() < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, DRAIN.pollMs));
  }
}

/** Runs one piece of `clients` closed-loop clients on `target`, with the archiver's progress around it. */
async function runPiece(target: ArchiveCommitTarget, clients: number, pieceMs: number, firstTx: number): Promise<{ readonly sample: PieceSample; readonly nextTx: number }> {
  const archivedBefore = target.archiveStatus()?.segmentsArchived ?? 0;
  const measured = await runClosedLoop(target, { clients, recordSizeBytes: ARCHIVE_RECORD_BYTES, durationMs: pieceMs, firstTx });
  const status = target.archiveStatus();
  const sample: PieceSample = {
    commitsPerSecond: commitsPerSecond(measured),
    latencyUs: measured.histogram.percentilesUs(),
    segmentsArchived: status === null ? 0 : status.segmentsArchived - archivedBefore,
    lag: status === null ? null : { segmentsWaiting: status.segmentsWaiting, lagBytes: status.lagBytes, lagSeconds: rounded(status.lagSeconds, 3) },
  };
  if (status !== null) await drainArchiver(target);
  return { sample, nextTx: measured.nextTx };
}

/** One row of the report from a variant's samples, with its round-by-round ratio to the variant without archiving. */
function resultRow(mode: ArchiveBenchMode, clients: number, segmentSizeBytes: number, samples: readonly PieceSample[], offSamples: readonly PieceSample[]): ArchiveBenchResult {
  const rates = samples.map((sample) => sample.commitsPerSecond);
  const ratios = samples.flatMap((sample, round) => {
    const off = offSamples[round]?.commitsPerSecond ?? 0;
    return off > 0 ? [sample.commitsPerSecond / off] : [];
  });
  return {
    archiving: mode,
    clients,
    recordSizeBytes: ARCHIVE_RECORD_BYTES,
    segmentSizeBytes,
    commitsPerSecond: rounded(median(rates)),
    commitsPerSecondSpread: { min: rounded(Math.min(...rates)), max: rounded(Math.max(...rates)) },
    latencyUs: {
      p50: rounded(median(samples.map((sample) => sample.latencyUs.p50))),
      p99: rounded(median(samples.map((sample) => sample.latencyUs.p99))),
      p999: rounded(median(samples.map((sample) => sample.latencyUs.p999))),
    },
    ratioToOff: ratios.length === 0 ? null : rounded(median(ratios), 3),
    segmentsArchivedPerRound: mode === 'off' ? [] : samples.map((sample) => sample.segmentsArchived),
    lagAtRoundEnd: samples.flatMap((sample) => (sample.lag === null ? [] : [sample.lag])),
  };
}

/** Measures the archiving variants within `totalMs`; returns one row per variant and client count, the next free tx and the rounds run. */
export async function measureArchiveRounds(
  workDirectory: string,
  segmentSizeBytes: number,
  totalMs: number,
  firstTx: number,
): Promise<{ readonly results: ArchiveBenchResult[]; readonly nextTx: number; readonly rounds: number }> {
  const pieces = ARCHIVE_BENCH_MODES.length * ARCHIVE_CLIENTS.length;
  const rounds = Math.max(ARCHIVE_ROUNDS.minimum, Math.min(ARCHIVE_ROUNDS.maximum, Math.floor(totalMs / (pieces * ARCHIVE_ROUNDS.pieceMs))));
  const pieceMs = Math.max(ARCHIVE_ROUNDS.pieceMsMin, totalMs / (rounds * pieces));
  const targets = new Map<ArchiveBenchMode, ArchiveCommitTarget>();
  const samples = new Map<string, PieceSample[]>();
  let nextTx = firstTx;
  try {
    for (const mode of ARCHIVE_BENCH_MODES) targets.set(mode, openArchiveTarget({ mode, directory: path.join(workDirectory, `archive-${mode}`), segmentSizeBytes }));
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? ARCHIVE_BENCH_MODES : [...ARCHIVE_BENCH_MODES].reverse();
      for (const clients of ARCHIVE_CLIENTS) {
        for (const mode of order) {
          const target = targets.get(mode);
          if (target === undefined) continue;
          const piece = await runPiece(target, clients, pieceMs, nextTx);
          nextTx = piece.nextTx;
          const key = `${mode}/${clients}`;
          samples.set(key, [...(samples.get(key) ?? []), piece.sample]);
        }
      }
    }
    const results = ARCHIVE_BENCH_MODES.flatMap((mode) =>
      ARCHIVE_CLIENTS.map((clients) => resultRow(mode, clients, segmentSizeBytes, samples.get(`${mode}/${clients}`) ?? [], samples.get(`off/${clients}`) ?? [])),
    );
    return { results, nextTx, rounds };
  } finally {
    await Promise.all([...targets.values()].map((target) => target.close().catch(() => undefined)));
  }
}
