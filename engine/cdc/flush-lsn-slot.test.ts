import { describe, expect, it } from 'vitest';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { decodeFlushLsnSlot, encodeFlushLsnSlot, FLUSH_LSN_SLOT_FORMAT, FlushLsnPublisher, readPublishedFlushLsn } from './flush-lsn-slot.js';

describe('the flush-LSN slot', () => {
  it('has pinned bytes (golden)', () => {
    const bytes = encodeFlushLsnSlot({ storeId: 0x1234_5678_9abc, flushLsn: 0x1_0000_2030 });
    // The checksum was computed independently: python3 zlib.crc32 of the 16 bytes after it.
    expect(bytes.toString('hex')).toBe('55464c55' + '421ab6e8' + 'bc9a785634120000' + '3020000001000000');
    expect(bytes.length).toBe(FLUSH_LSN_SLOT_FORMAT.sizeBytes);
  });

  it('round-trips and refuses torn, short and foreign slots', () => {
    const bytes = encodeFlushLsnSlot({ storeId: 42, flushLsn: 4096 + 48 });
    expect(decodeFlushLsnSlot(bytes)).toEqual({ storeId: 42, flushLsn: 4144 });
    const torn = Buffer.from(bytes);
    torn[17] = (torn[17] ?? 0) ^ 0x01;
    expect(decodeFlushLsnSlot(torn)).toBe('the slot checksum does not match');
    expect(decodeFlushLsnSlot(bytes.subarray(0, 10))).toMatch(/holds 10 bytes/);
    const fileSystem = new MemFileSystem();
    fileSystem.mkdirAll('/s');
    expect(readPublishedFlushLsn(fileSystem, '/s', 42)).toBe(0);
    const publisher = new FlushLsnPublisher(fileSystem, '/s', 42);
    publisher.publish(5000);
    publisher.publish(4000);
    expect(readPublishedFlushLsn(fileSystem, '/s', 42)).toBe(5000);
    expect(readPublishedFlushLsn(fileSystem, '/s', 43)).toBe(0);
    publisher.close();
  });
});
