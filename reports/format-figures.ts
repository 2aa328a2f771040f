/**
 * Number formatting shared by the renderers, so the terminal, the JUnit XML
 * and the HTML page print the same figure the same way.
 */

/** An integer with thousands separators: 12345 -> "12,345". */
export function formatCount(count: number): string {
  return Number.isFinite(count) ? Math.round(count).toLocaleString('en-US') : String(count);
}

/** A rate per second: one decimal below 100, grouped integers above. */
export function formatRatePerSecond(ratePerSecond: number): string {
  if (!Number.isFinite(ratePerSecond)) return String(ratePerSecond);
  return ratePerSecond < 100 ? ratePerSecond.toFixed(1) : formatCount(ratePerSecond);
}

/** A duration for people: "850 ms", "12.3 s", "4 min 05 s". */
export function formatDurationMs(durationMs: number): string {
  if (!Number.isFinite(durationMs)) return `${durationMs} ms`;
  if (durationMs < 1000) return `${Math.round(durationMs)} ms`;
  if (durationMs < 60_000) return `${(durationMs / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(durationMs / 1000);
  return `${Math.floor(totalSeconds / 60)} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
}

/** A duration in seconds with millisecond precision, as JUnit's `time` attribute wants it. */
export function formatSeconds(durationMs: number): string {
  return Number.isFinite(durationMs) ? (Math.max(0, durationMs) / 1000).toFixed(3) : '0.000';
}
