/**
 * The options part of the help text of `unplug crash` and `unplug explore`.
 */
import { CRASH_MODELS } from '../crash-state/crash-models.js';
import { INJECTED_FAULT_NAMES } from './campaign-overrides.js';

/** The documented campaign flags. */
export const CAMPAIGN_HELP_OPTIONS = `options:
  --scenario NAME    run this scenario (repeatable; see 'unplug scenarios')
  --engine "CMD"     test another engine speaking protocol v1 (CMD --dir <path>);
                     Node programs are traced by the preload shim, unchanged; the
                     program must exist (a bare name is looked up on PATH);
                     leading NAME=VALUE words set its environment (unplug drops
                     NODE_EXTRA_CA_CERTS from engines unless CMD sets it)
  --shim KIND        auto (default), native (LD_PRELOAD: any dynamically linked
                     program) or node (the preload shim); auto picks native for
                     non-Node commands and Node programs with native addons
  --fault NAME       crash models and injected faults (repeatable):
                     ${CRASH_MODELS.join(', ')},
                     ${INJECTED_FAULT_NAMES.join(', ')}
  --metadata MODEL   when directory operations become durable: strict (default:
                     POSIX, only after the directory is fsynced), ext4-ordered
                     (ext4's data=ordered journal: any fsync commits all of them)
                     or both (every crash state checked under each; the report
                     says e.g. "lost under strict POSIX, durable on ext4-ordered")
  --runs N           runs per scenario (default: the scenario's budget)
  --time DURATION    time budget for the whole campaign, e.g. 30s, 5m, shared
                     by its scenarios, shrinking included (default per scenario:
                     60s for the reference engine, 25s for an --engine); the
                     report says when a budget cut a scenario short
  --seed N           seed of every random choice, 0 to 4294967295 (default: a
                     fresh one, printed)
  --clients N        concurrent clients (overrides the scenarios')
  --out DIR          write report.json, junit.xml and report.html into DIR
  --json             print one JSON document on stdout and nothing else there
  --shard i/n        run only shard i of n (split a campaign across CI machines)
  --jobs N           crash states recovered at once (default: one per core);
                     the report for a seed is the same whatever N
  --budget-report    add where the time went (tracing, building states,
                     recovering, checking) to the report and a line to the terminal
  --segment-size SIZE the reference engine's WAL segment size, a power of two from
                     4k to 1g (scenarios use 16k unless given; 16m is the engine's
                     own default)
  --no-reopen        recover each crash state, and trace each run, of an --engine in a
                     fresh process, even when it offers the protocol's reopen capability
  -h, --help         this help`;

/** The exit codes of the campaign commands, as their help prints them. */
export const CAMPAIGN_EXIT_CODES_HELP = `exit codes: 0 every verdict as expected, 1 a verdict differs, 2 bad usage (before any
work starts), 3 infrastructure failure (the engine would not start, quit, hung, or its
writes are invisible to the shim), 130 interrupted by Ctrl-C (128 + signal: 143 on
SIGTERM); an interrupted run restores the terminal, kills its engines and says how far it got`;
