/**
 * Benchmark (not a test): single-client durable commits per second of the
 * engine with fdatasync, against a raw append + fdatasync loop of 100-byte
 * records on the same disk, measured INTERLEAVED in the same run (alternating
 * short rounds of each), because run-to-run spread on a shared virtual disk is
 * about +-30% and only side-by-side ratios mean anything.
 *
 * Run on the compiled code:  npm run build && node dist/engine/bench/commit-throughput.js [rounds] [roundMs]
 * The target is engine >= 0.85 x raw.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEngine } from '../store/open-engine.js';

/** Bytes of each raw record and of each committed value. */
const RECORD_BYTES = 100;
/** Upper bounds so a pathological disk cannot make the run endless. */
const ROUNDS_MAX = 50;
const ROUND_MS_MAX = 10_000;

/** Raw append + fdatasync of 100-byte records to a fresh file for `roundMs`; returns syncs per second. */
function rawRound(directory: string, round: number, roundMs: number): number {
  const file = path.join(directory, `raw-${round}.log`);
  const descriptor = fs.openSync(file, 'w');
  const record = Buffer.alloc(RECORD_BYTES, 0x61);
  const started = performance.now();
  let count = 0;
  try {
    while (performance.now() - started < roundMs) {
      fs.writeSync(descriptor, record);
      fs.fdatasyncSync(descriptor);
      count += 1;
    }
  } finally {
    fs.closeSync(descriptor);
    fs.rmSync(file);
  }
  return (count * 1000) / (performance.now() - started);
}

/** One client committing a 100-byte value at a time, awaiting each ack, for `roundMs`; returns commits per second. */
async function engineRound(engine: ReturnType<typeof openEngine>, firstTx: number, roundMs: number): Promise<{ rate: number; commits: number }> {
  const value = 'b'.repeat(RECORD_BYTES);
  const started = performance.now();
  let commits = 0;
  while (performance.now() - started < roundMs) {
    await engine.commit(firstTx + commits, [[`key${commits % 1000}`, value]]);
    commits += 1;
  }
  return { rate: (commits * 1000) / (performance.now() - started), commits };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const rounds = Math.min(ROUNDS_MAX, Number.parseInt(process.argv[2] ?? '7', 10));
  const roundMs = Math.min(ROUND_MS_MAX, Number.parseInt(process.argv[3] ?? '1500', 10));
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-bench-'));
  try {
    const engine = openEngine({ directory: path.join(directory, 'db') });
    const raw: number[] = [];
    const engineRates: number[] = [];
    let tx = 0;
    // Warm-up: one short round of each, discarded.
    rawRound(directory, -1, 200);
    tx += (await engineRound(engine, tx, 200)).commits;
    for (let round = 0; round < rounds; round += 1) {
      raw.push(rawRound(directory, round, roundMs));
      const result = await engineRound(engine, tx, roundMs);
      tx += result.commits;
      engineRates.push(result.rate);
    }
    const stats = engine.stats();
    await engine.close();
    const summary = {
      rounds,
      roundMs,
      rawSyncsPerSecond: { median: Math.round(median(raw)), min: Math.round(Math.min(...raw)), max: Math.round(Math.max(...raw)) },
      engineCommitsPerSecond: { median: Math.round(median(engineRates)), min: Math.round(Math.min(...engineRates)), max: Math.round(Math.max(...engineRates)) },
      ratioOfMedians: Math.round((median(engineRates) / median(raw)) * 1000) / 1000,
      medianOfRoundRatios: Math.round(median(engineRates.map((rate, index) => rate / (raw[index] ?? rate))) * 1000) / 1000,
      engineSyncsPerCommit: Math.round((stats.syncs / Math.max(1, stats.commitsAcknowledged)) * 1000) / 1000,
    };
    console.log(JSON.stringify(summary));
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

await main();
