/**
 * The WAL-bloat alarm: when the WAL on disk passes a threshold (usually
 * because the archiver is failing and checkpoints may not recycle unarchived
 * segments), say so once, in one line naming the figures an operator needs;
 * say it again only after the WAL has dropped below the threshold and grown
 * past it anew.
 */
import type { WalStatus } from './archive-settings.js';

/** Formats a byte count with a binary unit and one decimal. */
function mebibytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The warning line for a status over the threshold. */
export function walWarningLine(status: WalStatus, thresholdBytes: number): string {
  const archive = status.archive;
  const archiveText =
    archive === null
      ? 'archiving is off'
      : `${archive.segmentsWaiting} segment(s) wait for the archiver, lag ${mebibytes(archive.lagBytes)} / ${archive.lagSeconds.toFixed(1)} s` +
        (archive.lastError === null ? '' : `, last error: ${archive.lastError}`);
  return `warning: WAL on disk is ${status.walBytes} bytes (${mebibytes(status.walBytes)}, ${status.segmentsOnDisk} segments), above --wal-warn-bytes ${thresholdBytes}; ${archiveText}`;
}

/** Fires a callback once per upward crossing of the threshold. */
export class WalBloatAlarm {
  private raised = false;

  constructor(
    readonly thresholdBytes: number,
    private readonly notify: (line: string, status: WalStatus) => void,
  ) {}

  /** Checks the WAL size; `status` is computed only when the alarm fires. */
  observe(walBytes: number, status: () => WalStatus): void {
    if (walBytes <= this.thresholdBytes) {
      this.raised = false;
      return;
    }
    if (this.raised) return;
    this.raised = true;
    const current = status();
    this.notify(walWarningLine(current, this.thresholdBytes), current);
  }
}
