import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderHtmlReport } from './render-html.js';
import { renderJsonReport } from './render-json.js';
import { renderJunitXml } from './render-junit.js';
import { SAMPLE_REPORT } from './test-support/sample-campaign-report.js';
import { writeReportFiles } from './write-report-files.js';

describe('writeReportFiles', () => {
  const directories: string[] = [];
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('creates the directory and writes report.json, junit.xml and report.html, leaving nothing else', () => {
    const root = mkdtempSync(join(tmpdir(), 'unplug-reports-'));
    directories.push(root);
    const out = join(root, 'nested', 'shard-2');
    const paths = writeReportFiles(SAMPLE_REPORT, out);
    expect(paths).toEqual([join(out, 'report.json'), join(out, 'junit.xml'), join(out, 'report.html')]);
    expect(readdirSync(out).sort()).toEqual(['junit.xml', 'report.html', 'report.json']);
    expect(readFileSync(paths[0]!, 'utf8')).toBe(renderJsonReport(SAMPLE_REPORT));
    expect(readFileSync(paths[1]!, 'utf8')).toBe(renderJunitXml(SAMPLE_REPORT));
    expect(readFileSync(paths[2]!, 'utf8')).toBe(renderHtmlReport(SAMPLE_REPORT));
  });

  it('overwrites the reports of an earlier run', () => {
    const root = mkdtempSync(join(tmpdir(), 'unplug-reports-'));
    directories.push(root);
    writeReportFiles(SAMPLE_REPORT, root);
    const [jsonPath] = writeReportFiles({ ...SAMPLE_REPORT, seed: 43 }, root);
    expect((JSON.parse(readFileSync(jsonPath!, 'utf8')) as { seed: number }).seed).toBe(43);
  });
});
