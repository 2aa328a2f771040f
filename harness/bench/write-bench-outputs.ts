/**
 * Writes a bench report's files: `bench.json` (the JSON document) and
 * `bench.html` (the self-contained page rendered by reports/bench/).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BenchReport } from '../../reports/bench/bench-report.js';
import { renderBenchHtml } from '../../reports/bench/render-bench-html.js';

/** Writes bench.json and bench.html into `directory` (created when missing); returns their paths. */
export function writeBenchOutputs(report: BenchReport, directory: string): { readonly jsonPath: string; readonly htmlPath: string } {
  fs.mkdirSync(directory, { recursive: true });
  const jsonPath = path.join(directory, 'bench.json');
  const htmlPath = path.join(directory, 'bench.html');
  fs.writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(htmlPath, renderBenchHtml(report));
  return { jsonPath, htmlPath };
}
