/**
 * The one-line commands that reproduce a violation or rerun a campaign. Every
 * value is quoted for a POSIX shell, so a line can be pasted as printed.
 */

/** Quotes a value for a POSIX shell when it needs it. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `unplug <command> --flag value ...`, with flags in the given order and undefined values left out. */
export function formatCommandLine(command: string, flags: readonly (readonly [string, string | number | undefined])[]): string {
  const parts = ['unplug', command];
  for (const [flag, value] of flags) {
    if (value === undefined) continue;
    parts.push(`--${flag}`, shellQuote(String(value)));
  }
  return parts.join(' ');
}
