/**
 * The options of the harness API (`unplug`): one field per flag of
 * `unplug crash` and `unplug explore`, and the typed error every API call
 * rejects with. Values are checked by the CLI's own parser, so the API and the
 * command line accept and refuse exactly the same things.
 */

/** Options of `runCampaign` and `explore`; each mirrors the CLI flag of the same name. */
export interface CampaignApiOptions {
  /** `--scenario` (repeatable); the baselines when absent. */
  readonly scenarios?: readonly string[];
  /** `--engine`: a protocol-v1 command; `--dir <path>` is appended. Script paths resolve against `cwd`. */
  readonly engine?: string;
  /** `--fault` (repeatable): crash models and injected faults. */
  readonly faults?: readonly string[];
  /** `--runs`: runs per scenario. */
  readonly runs?: number;
  /** `--time`: the campaign's time budget, as milliseconds or a duration such as `'30s'`. */
  readonly time?: number | string;
  /** `--seed`: a fresh one when absent (the report carries it). */
  readonly seed?: number;
  /** `--clients`: concurrent clients. */
  readonly clients?: number;
  /** `--shim`: how an external engine is traced: `auto`, `native` (LD_PRELOAD) or `node` (the preload module). */
  readonly shim?: string;
  /** `--metadata`: when directory operations become durable: `strict` (default), `ext4-ordered` or `both`. */
  readonly metadata?: string;
  /** `--shard`: `'i/n'`, 1-based. */
  readonly shard?: string;
  /** `--out`: also write report.json, junit.xml and report.html into this directory. */
  readonly out?: string;
  /** Cancels the run: every process it started is killed and every temporary directory removed before the promise rejects. */
  readonly signal?: AbortSignal;
  /** The directory relative paths (engine scripts, `out`) resolve against. @defaultValue `process.cwd()` */
  readonly cwd?: string;
}

/** Why an API call failed: bad options (exit 2), an infrastructure failure (exit 3), or cancellation. */
export type UnplugErrorCode = 'USAGE' | 'INFRASTRUCTURE' | 'ABORTED';

/** The error every API call rejects with; `message` is the CLI's one-line explanation. */
export class UnplugError extends Error {
  override readonly name = 'UnplugError';
  constructor(
    readonly code: UnplugErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}
