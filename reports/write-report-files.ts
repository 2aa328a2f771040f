/**
 * Writes a campaign's report files (`--out <directory>`): report.json,
 * junit.xml and report.html. Each file is written under a temporary name and
 * renamed into place, so a CI step that collects artifacts never picks up a
 * half-written report from a run that was interrupted.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtmlReport } from './render-html.js';
import { renderJsonReport } from './render-json.js';
import { renderJunitXml } from './render-junit.js';
import type { CampaignReport } from './report-types.js';

/** The file names written into the output directory. */
export const REPORT_FILE_NAMES = Object.freeze({ json: 'report.json', junit: 'junit.xml', html: 'report.html' } as const);

/** Writes `content` to `path` through a temporary sibling and a rename. */
function writeFileAtomically(path: string, content: string): void {
  const temporaryPath = `${path}.${process.pid}.tmp`;
  writeFileSync(temporaryPath, content, 'utf8');
  renameSync(temporaryPath, path);
}

/** Writes report.json, junit.xml and report.html into `outDirectory` (created if missing); returns their paths. */
export function writeReportFiles(report: CampaignReport, outDirectory: string): string[] {
  mkdirSync(outDirectory, { recursive: true });
  const files: (readonly [string, string])[] = [
    [join(outDirectory, REPORT_FILE_NAMES.json), renderJsonReport(report)],
    [join(outDirectory, REPORT_FILE_NAMES.junit), renderJunitXml(report)],
    [join(outDirectory, REPORT_FILE_NAMES.html), renderHtmlReport(report)],
  ];
  for (const [path, content] of files) writeFileAtomically(path, content);
  return files.map(([path]) => path);
}
