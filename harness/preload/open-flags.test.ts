import { constants } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeOpenFlags } from './open-flags.js';

describe('decodeOpenFlags', () => {
  it('decodes string flags as node:fs does', () => {
    expect(decodeOpenFlags(undefined)).toEqual({ writable: false, create: false, exclusive: false, truncate: false, append: false, syncMode: 'none' });
    expect(decodeOpenFlags('w')).toMatchObject({ writable: true, create: true, truncate: true, append: false });
    expect(decodeOpenFlags('ax+')).toMatchObject({ writable: true, create: true, exclusive: true, append: true, truncate: false });
    expect(decodeOpenFlags('as')).toMatchObject({ append: true, syncMode: 'sync' });
    expect(decodeOpenFlags('r+')).toMatchObject({ writable: true, create: false });
  });

  it('tells O_DSYNC from O_SYNC in numeric flags (O_SYNC includes the O_DSYNC bit)', () => {
    expect(decodeOpenFlags(constants.O_WRONLY | constants.O_DSYNC)?.syncMode).toBe('dsync');
    expect(decodeOpenFlags(constants.O_WRONLY | constants.O_SYNC)?.syncMode).toBe('sync');
    expect(decodeOpenFlags(constants.O_RDONLY)?.writable).toBe(false);
  });

  it('returns undefined for a flag node:fs would reject', () => {
    expect(decodeOpenFlags('bogus')).toBeUndefined();
  });
});
