/**
 * Ctrl-C on a terminal: the progress bar hides the cursor and turns line wrap
 * off, so an interrupted campaign must turn both back on, say it was
 * interrupted (how far it got, and the seed), and exit 130. The campaign runs
 * under a real pseudo-terminal (`script`), and the bytes it wrote there are checked.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { TERMINAL_RESTORE_SEQUENCE } from '../interruption.js';
import { REPOSITORY_ROOT } from './test-support/ensure-fresh-build.js';

const HIDE_CURSOR = '\u001b[?25l';
const scriptAvailable = spawnSync('script', ['--version']).status === 0;
const WAIT_STEPS_MAX = 400;
const WAIT_STEP_MS = 50;

const scratches: string[] = [];
afterEach(() => {
  for (const directory of scratches.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Pids of processes whose command line holds every one of `words`. */
function pidsMentioning(...words: readonly string[]): number[] {
  const listing = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return listing
    .split('\n')
    .filter((line) => words.every((word) => line.includes(word)) && !line.includes('ps -eo') && !line.includes('script'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe.skipIf(!scriptAvailable)('an interrupted campaign on a terminal', () => {
  it('restores the cursor and line wrap, says it was interrupted, cleans up and exits 130', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'unplug-interrupt-'));
    scratches.push(scratch);
    const marker = `--seed 7 --runs 40`;
    // `exec`: whatever shell `script` starts (dash does not exec a lone command
    // by itself) must not stay between us and the campaign, or the SIGINT
    // below reaches the shell and the campaign runs on to the end.
    const command = `exec ${process.execPath} bin/unplug.js crash --scenario clients-64 ${marker}`;
    const child = execa('script', ['-qec', command, '/dev/null'], {
      cwd: REPOSITORY_ROOT,
      env: { TMPDIR: scratch },
      reject: false,
      timeout: 120_000,
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    // Wait until the progress bar has hidden the cursor and an engine runs.
    for (let step = 0; step < WAIT_STEPS_MAX && !(output.includes(HIDE_CURSOR) && pidsMentioning(join(scratch, 'unplug-')).length > 0); step += 1) {
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
    expect(output).toContain(HIDE_CURSOR);
    const unplugPids = pidsMentioning(`${process.execPath} bin/unplug.js crash`, marker);
    expect(unplugPids, execFileSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' })).toHaveLength(1);
    const [unplugPid] = unplugPids;
    process.kill(unplugPid!, 'SIGINT');
    const result = await child;
    expect(result.exitCode, output).toBe(130);
    const afterHide = output.slice(output.lastIndexOf(HIDE_CURSOR));
    expect(afterHide).toContain(TERMINAL_RESTORE_SEQUENCE);
    expect(output).toMatch(/unplug crash: interrupted by SIGINT after \d+ runs, \d+ crashes, \d+ crash states \(seed 7\); rerun: unplug crash --scenario clients-64 --seed 7 --runs 40/);
    expect(readdirSync(scratch)).toEqual([]);
    expect(pidsMentioning(scratch)).toEqual([]);
  });
});
