/**
 * Reads the `report.json` of each shard for `merge-reports`: a directory
 * (written by `--out DIR`) or a report file. Anything that is not an unplug
 * campaign report is refused with a `MergeError` naming the file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignReport } from '../report-types.js';
import { MergeError, type ShardReport } from './merge-reports.js';

/** The largest report file read (reports carry timelines, but not this many). */
export const REPORT_FILE_BYTES_MAX = 256 * 1024 * 1024;

/** Reads one shard's report from `path` (a directory holding report.json, or the file itself). */
export function readShardReport(path: string): ShardReport {
  let file = path;
  let sizeBytes: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) {
      file = join(path, 'report.json');
      if (!existsSync(file)) throw new MergeError(`${path} holds no report.json (write one with 'unplug crash --shard i/n --out ${path}')`);
    }
    const fileStats = statSync(file);
    // A device or a pipe (/dev/zero) would be read forever: only regular files are reports.
    if (!fileStats.isFile()) throw new MergeError(`${file} is not a regular file`);
    sizeBytes = fileStats.size;
  } catch (error) {
    if (error instanceof MergeError) throw error;
    throw new MergeError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (sizeBytes > REPORT_FILE_BYTES_MAX) throw new MergeError(`${file} is ${sizeBytes} bytes, more than the limit of ${REPORT_FILE_BYTES_MAX}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new MergeError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isCampaignReport(parsed)) throw new MergeError(`${file} is not an unplug campaign report (no "tool": "unplug" with "scenarios" and "counts")`);
  return { source: file, report: parsed };
}

function isCampaignReport(value: unknown): value is CampaignReport {
  const report = value as Partial<CampaignReport> | null;
  return typeof report === 'object' && report !== null && report.tool === 'unplug' && Array.isArray(report.scenarios) && typeof report.counts === 'object' && typeof report.seed === 'number';
}
