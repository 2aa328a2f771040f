/**
 * Benchmark (not a test): what WAL archiving costs commits. Durable commits per
 * second with archiving off and with archiving to a directory on the same
 * disk, at 1 and 64 concurrent clients, measured INTERLEAVED in the same run
 * (alternating short rounds of each configuration), because run-to-run spread
 * on a shared virtual disk is about +-30% and only side-by-side ratios mean
 * anything. Segments are small (1 MiB by default) and values 1 KiB, so that
 * segments complete, and are archived, many times per round; with 16 MiB
 * segments the archiver would rarely run at all.
 *
 * Run on the compiled code:
 *   npm run build && node dist/engine/archive/archive-cost.js [rounds] [roundMs] [segmentSizeBytes]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../engine-types.js';
import { openEngine } from '../store/open-engine.js';

const VALUE_BYTES = 1024;
/** Upper bounds so a pathological disk cannot make the run endless. */
const ROUNDS_MAX = 50;
const ROUND_MS_MAX = 10_000;
const CLIENT_COUNTS = [1, 64] as const;

/** `clients` concurrent clients, each committing and awaiting its ack in a loop, for `roundMs`; returns commits per second. */
async function round(engine: Engine, firstTx: number, clients: number, roundMs: number): Promise<{ rate: number; commits: number }> {
  const value = 'a'.repeat(VALUE_BYTES);
  const started = performance.now();
  let commits = 0;
  const client = async (): Promise<void> => {
    while (performance.now() - started < roundMs) {
      const tx = firstTx + commits;
      commits += 1;
      await engine.commit(tx, [[`key${tx % 4096}`, value]]);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { rate: (commits * 1000) / (performance.now() - started), commits };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const rounds = Math.min(ROUNDS_MAX, Number.parseInt(process.argv[2] ?? '5', 10));
  const roundMs = Math.min(ROUND_MS_MAX, Number.parseInt(process.argv[3] ?? '1500', 10));
  const segmentSizeBytes = Number.parseInt(process.argv[4] ?? String(1024 * 1024), 10);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-archive-cost-'));
  try {
    const plain = openEngine({ directory: path.join(directory, 'plain'), segmentSizeBytes });
    const archived = openEngine({
      directory: path.join(directory, 'archived'),
      segmentSizeBytes,
      archive: { destination: { kind: 'directory', directory: path.join(directory, 'archive') } },
    });
    const rates = new Map<string, number[]>();
    let tx = 0;
    for (let index = -1; index < rounds; index += 1) {
      for (const clients of CLIENT_COUNTS) {
        for (const [name, engine] of [['off', plain], ['directory', archived]] as const) {
          const result = await round(engine, tx, clients, index < 0 ? 200 : roundMs);
          tx += result.commits;
          // Round -1 is a warm-up, discarded.
          if (index >= 0) rates.set(`${clients}:${name}`, [...(rates.get(`${clients}:${name}`) ?? []), result.rate]);
        }
      }
    }
    const archive = archived.walStatus?.().archive;
    await plain.close();
    await archived.close();
    const results = CLIENT_COUNTS.map((clients) => {
      const off = rates.get(`${clients}:off`) ?? [];
      const on = rates.get(`${clients}:directory`) ?? [];
      return {
        clients,
        commitsPerSecondArchivingOff: Math.round(median(off)),
        commitsPerSecondArchivingOn: Math.round(median(on)),
        ratioOnToOff: Math.round((median(on) / median(off)) * 1000) / 1000,
        medianOfRoundRatios: Math.round(median(on.map((rate, index) => rate / (off[index] ?? rate))) * 1000) / 1000,
      };
    });
    console.log(JSON.stringify({ rounds, roundMs, segmentSizeBytes, valueBytes: VALUE_BYTES, segmentsArchived: archive?.segmentsArchived ?? 0, results }));
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

await main();
