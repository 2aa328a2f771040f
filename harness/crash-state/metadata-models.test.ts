/**
 * The ext4-ordered metadata model against strict POSIX on the trace shape of
 * LevelDB's database creation: CURRENT is renamed into place after the last
 * directory sync, and only an fdatasync of an unrelated file follows. Under
 * strict POSIX the rename is lost; under ext4-ordered the fdatasync's journal
 * commit makes it durable, while unsynced file data is lost under both.
 */
import { describe, expect, it } from 'vitest';
import { createCrashStateBuilder } from './crash-state-builder.js';
import { isMetadataModel, METADATA_MODELS } from './metadata-models.js';
import type { TraceRecord } from '../trace/trace-record.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined): string | undefined => (data === undefined ? undefined : new TextDecoder().decode(data));

const TRACE: readonly TraceRecord[] = [
  { kind: 'create', path: 'CURRENT', fileId: 1 },
  { kind: 'open', path: 'CURRENT', fileId: 1, syncMode: 'none' },
  { kind: 'write', fileId: 1, offsetBytes: 0, data: bytes('MANIFEST-1\n'), syncMode: 'none' },
  { kind: 'sync', fileId: 1, syncKind: 'fdatasync' },
  { kind: 'sync-directory', path: '.' },
  { kind: 'create', path: 'tmp', fileId: 2 },
  { kind: 'open', path: 'tmp', fileId: 2, syncMode: 'none' },
  { kind: 'write', fileId: 2, offsetBytes: 0, data: bytes('MANIFEST-2\n'), syncMode: 'none' },
  { kind: 'sync', fileId: 2, syncKind: 'fdatasync' },
  { kind: 'rename', sourcePath: 'tmp', targetPath: 'CURRENT' },
  { kind: 'create', path: 'log', fileId: 3 },
  { kind: 'open', path: 'log', fileId: 3, syncMode: 'none' },
  { kind: 'write', fileId: 3, offsetBytes: 0, data: bytes('synced'), syncMode: 'none' },
  { kind: 'sync', fileId: 3, syncKind: 'fdatasync' },
  { kind: 'write', fileId: 3, offsetBytes: 6, data: bytes(' unsynced'), syncMode: 'none' },
];

function stateAtEnd(metadata: 'strict' | 'ext4-ordered'): ReadonlyMap<string, Uint8Array> {
  const builder = createCrashStateBuilder({ metadata });
  for (const record of TRACE) builder.apply(record);
  return builder.build('power-loss', 1).files;
}

describe('metadata models', () => {
  it('strict POSIX loses the rename and the new file that no directory sync covered', () => {
    const files = stateAtEnd('strict');
    expect(text(files.get('CURRENT'))).toBe('MANIFEST-1\n');
    expect(files.has('log')).toBe(false);
  });

  it('ext4-ordered makes them durable at the next fdatasync of any file, and still loses unsynced data', () => {
    const files = stateAtEnd('ext4-ordered');
    expect(text(files.get('CURRENT'))).toBe('MANIFEST-2\n');
    expect(text(files.get('log'))).toBe('synced');
    expect(files.has('tmp')).toBe(false);
  });

  it('names its models', () => {
    expect(METADATA_MODELS).toEqual(['strict', 'ext4-ordered']);
    expect(isMetadataModel('ext4-ordered')).toBe(true);
    expect(isMetadataModel('xfs')).toBe(false);
  });
});

describe('--metadata selections', () => {
  it('both selects every model, strict first; one model selects itself; the inverse round-trips', async () => {
    const { metadataModelsOf, metadataSelectionOf, isMetadataSelection } = await import('./metadata-models.js');
    expect(metadataModelsOf('both')).toEqual(['strict', 'ext4-ordered']);
    expect(metadataModelsOf('ext4-ordered')).toEqual(['ext4-ordered']);
    for (const selection of ['strict', 'ext4-ordered', 'both'] as const) expect(metadataSelectionOf(metadataModelsOf(selection))).toBe(selection);
    expect(isMetadataSelection('xfs')).toBe(false);
  });
});
