/**
 * The harness API (`import { runCampaign, explore, replay } from 'unplug'`):
 * a campaign from a program, resolving to the same report object that
 * `report.json` holds. Each call runs the `unplug` command line in a child
 * process (`run-cli-child.ts`): the options become its flags, its `--json`
 * document becomes the result, and its exit code decides between a report
 * (0 or 1: read `report.verdict`) and an `UnplugError` (2 usage, 3
 * infrastructure). A child is what makes cancellation complete: nothing the
 * run started can outlive it.
 */
import { resolve } from 'node:path';
import type { CampaignReport } from '../../reports/report-types.js';
import { EXIT_CODES } from '../cli/exit-codes.js';
import { splitCommand } from '../engine-client/engine-launch.js';
import { UnplugError, type CampaignApiOptions } from './api-options.js';
import { campaignArgv } from './campaign-argv.js';
import { runCliChild } from './run-cli-child.js';

/** Options of `replay`. */
export interface ReplayApiOptions {
  readonly signal?: AbortSignal;
  /** @defaultValue `process.cwd()` */
  readonly cwd?: string;
}

/** The commands `replay` accepts a line of. */
const REPLAYABLE_COMMANDS = Object.freeze(['crash', 'explore', 'replay'] as const);

/** Runs a crash campaign (`unplug crash`): every scenario in its own mode. */
export function runCampaign(options: CampaignApiOptions = {}): Promise<CampaignReport> {
  const cwd = resolve(options.cwd ?? process.cwd());
  return runReportCommand(['crash', ...campaignArgv(options, cwd)], cwd, options.signal);
}

/** Runs every scenario in explore mode (`unplug explore`). */
export function explore(options: CampaignApiOptions = {}): Promise<CampaignReport> {
  const cwd = resolve(options.cwd ?? process.cwd());
  return runReportCommand(['explore', ...campaignArgv(options, cwd)], cwd, options.signal);
}

/**
 * Reruns a line a report printed: a violation's `unplug replay ...` line, or a
 * campaign's `unplug crash|explore ...` line. Resolves to its report.
 */
export function replay(line: string, options: ReplayApiOptions = {}): Promise<CampaignReport> {
  const words = splitCommand(line.trim());
  const start = words[0] === 'npx' ? 1 : 0;
  const command = words[start + 1];
  if (words[start] !== 'unplug' || !(REPLAYABLE_COMMANDS as readonly (string | undefined)[]).includes(command)) {
    return Promise.reject(new UnplugError('USAGE', `replay: expected a line starting 'unplug ${REPLAYABLE_COMMANDS.join('|')}', got '${line.slice(0, 120)}'`));
  }
  const rest = words.slice(start + 2).filter((word) => word !== '--json');
  const cwd = resolve(options.cwd ?? process.cwd());
  return runReportCommand([command!, ...rest], cwd, options.signal);
}

async function runReportCommand(argv: readonly string[], cwd: string, signal: AbortSignal | undefined): Promise<CampaignReport> {
  const result = await runCliChild([...argv, '--json'], cwd, signal);
  if (result.exitCode === EXIT_CODES.ok || result.exitCode === EXIT_CODES.verdictDiffers) {
    try {
      return JSON.parse(result.stdout) as CampaignReport;
    } catch (error) {
      throw new UnplugError('INFRASTRUCTURE', `unplug ${argv[0]} printed no JSON report (exit ${result.exitCode}): ${lastLine(result.stderr)}`, { cause: error });
    }
  }
  const code = result.exitCode === EXIT_CODES.usage ? 'USAGE' : 'INFRASTRUCTURE';
  throw new UnplugError(code, lastLine(result.stderr) || `unplug ${argv[0]} exited with code ${result.exitCode}`);
}

/** The last non-empty line of a command's stderr: its one-line explanation. */
function lastLine(text: string): string {
  return text.trim().split('\n').filter((line) => line.trim() !== '').at(-1)?.trim() ?? '';
}
