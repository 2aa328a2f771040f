/**
 * Turns API options into the argument vector of `unplug crash|explore`. Only
 * spelling happens here; every value is checked by the command's own parser.
 */
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { splitCommand } from '../engine-client/engine-launch.js';
import { repositoryRoot } from '../engine-client/repository-root.js';
import { shellQuote } from '../core/replay-target.js';
import type { CampaignApiOptions } from './api-options.js';

/** The `--flag value` arguments for `options` (without `--json`). */
export function campaignArgv(options: CampaignApiOptions, cwd: string): string[] {
  const argv: string[] = [];
  const add = (flag: string, value: string | number | undefined): void => {
    if (value !== undefined) argv.push(`--${flag}`, String(value));
  };
  for (const scenario of options.scenarios ?? []) add('scenario', scenario);
  add('engine', options.engine === undefined ? undefined : absoluteScripts(options.engine, cwd));
  for (const fault of options.faults ?? []) add('fault', fault);
  add('runs', options.runs);
  add('time', typeof options.time === 'number' ? `${options.time}ms` : options.time);
  add('seed', options.seed);
  add('clients', options.clients);
  add('shard', options.shard);
  add('shim', options.shim);
  add('metadata', options.metadata);
  add('out', options.out === undefined ? undefined : resolve(cwd, options.out));
  return argv;
}

/**
 * The engine command with each relative path of a file that exists under
 * `cwd` (a script, a binary, a config) made absolute: the harness starts engines from its own package root, and a
 * caller means paths relative to where it stands.
 */
export function absoluteScripts(command: string, cwd: string): string {
  // From unplug's own root the command already means what it says (and stays short in reports).
  if (resolve(cwd) === resolve(repositoryRoot())) return command;
  return splitCommand(command)
    .map((part) => (!part.startsWith('-') && !isAbsolute(part) && isFile(resolve(cwd, part)) ? resolve(cwd, part) : part))
    .map(shellQuote)
    .join(' ');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
