/**
 * Reads the names of the functions a shared library DEFINES in its dynamic
 * symbol table, enough to tell whether an LD_PRELOADed library interposes
 * fsync (as libeatmydata does). Even a stripped library keeps `.dynsym`: the
 * dynamic linker needs it.
 *
 * Only little-endian ELF is read (every Linux target Node runs on):
 *
 *   ELF header        e_ident[0..3] = 7f 'E' 'L' 'F', [4] class 1=32-bit 2=64-bit, [5] data 1=LE
 *                     e_shoff (section header table offset), e_shentsize, e_shnum
 *   section header    sh_type 11 = SHT_DYNSYM; its sh_link names the string table section
 *   symbol            st_name (offset in the string table), st_info (type in the low 4 bits,
 *                     2 = STT_FUNC), st_shndx (0 = undefined: imported, not defined)
 */
import fs from 'node:fs';

/** Frozen layout constants of the ELF fields read here (System V ABI). */
const ELF = Object.freeze({
  magic: 0x464c457f,
  class32: 1,
  class64: 2,
  littleEndian: 1,
  sectionTypeDynamicSymbols: 11,
  symbolTypeFunction: 2,
  sectionIndexUndefined: 0,
  /** Larger files are not read: no preload library is anywhere near it. */
  fileSizeBytesMax: 256 * 1024 * 1024,
  /** A bound on the symbols read from one table. */
  symbolsMax: 1_000_000,
});

/** Field offsets that differ between 32- and 64-bit ELF. */
interface ElfLayout {
  readonly sectionHeaderOffset: (view: DataView) => number;
  readonly sectionHeaderSizeAt: number;
  readonly sectionCountAt: number;
  readonly section: { readonly type: number; readonly offset: number; readonly size: number; readonly link: number; readonly entrySize: number };
  readonly symbol: { readonly name: number; readonly info: number; readonly sectionIndex: number };
  readonly read: (view: DataView, at: number) => number;
}

const LAYOUT_64: ElfLayout = {
  sectionHeaderOffset: (view) => Number(view.getBigUint64(0x28, true)),
  sectionHeaderSizeAt: 0x3a,
  sectionCountAt: 0x3c,
  section: { type: 4, offset: 24, size: 32, link: 40, entrySize: 56 },
  symbol: { name: 0, info: 4, sectionIndex: 6 },
  read: (view, at) => Number(view.getBigUint64(at, true)),
};

const LAYOUT_32: ElfLayout = {
  sectionHeaderOffset: (view) => view.getUint32(0x20, true),
  sectionHeaderSizeAt: 0x2e,
  sectionCountAt: 0x30,
  section: { type: 4, offset: 16, size: 20, link: 24, entrySize: 36 },
  symbol: { name: 0, info: 12, sectionIndex: 14 },
  read: (view, at) => view.getUint32(at, true),
};

/** Reads a NUL-terminated name from a string table. */
function readName(bytes: Uint8Array, offsetBytes: number): string {
  let end = offsetBytes;
  while (end < bytes.length && bytes[end] !== 0) end += 1;
  return Buffer.from(bytes.buffer, bytes.byteOffset + offsetBytes, end - offsetBytes).toString('latin1');
}

/**
 * The names of the functions defined (not imported) in `bytes`' dynamic symbol
 * table; undefined when `bytes` is not a little-endian ELF file or is malformed.
 */
export function definedDynamicFunctions(bytes: Uint8Array): ReadonlySet<string> | undefined {
  if (bytes.length < 0x40) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== ELF.magic || bytes[5] !== ELF.littleEndian) return undefined;
  const layout = bytes[4] === ELF.class64 ? LAYOUT_64 : bytes[4] === ELF.class32 ? LAYOUT_32 : undefined;
  if (layout === undefined) return undefined;
  const sectionTableAt = layout.sectionHeaderOffset(view);
  const sectionSizeBytes = view.getUint16(layout.sectionHeaderSizeAt, true);
  const sectionCount = view.getUint16(layout.sectionCountAt, true);
  const sectionAt = (index: number): number => sectionTableAt + index * sectionSizeBytes;
  if (sectionSizeBytes === 0 || sectionAt(sectionCount) > bytes.length) return undefined;
  const names = new Set<string>();
  for (let index = 0; index < sectionCount; index += 1) {
    const header = sectionAt(index);
    if (view.getUint32(header + layout.section.type, true) !== ELF.sectionTypeDynamicSymbols) continue;
    const tableAt = layout.read(view, header + layout.section.offset);
    const tableSizeBytes = layout.read(view, header + layout.section.size);
    const entrySizeBytes = layout.read(view, header + layout.section.entrySize);
    const stringsHeader = sectionAt(view.getUint32(header + layout.section.link, true));
    if (entrySizeBytes === 0 || tableAt + tableSizeBytes > bytes.length || stringsHeader + sectionSizeBytes > bytes.length) return undefined;
    const stringsAt = layout.read(view, stringsHeader + layout.section.offset);
    const stringsSizeBytes = layout.read(view, stringsHeader + layout.section.size);
    if (stringsAt + stringsSizeBytes > bytes.length) return undefined;
    const strings = bytes.subarray(stringsAt, stringsAt + stringsSizeBytes);
    const symbolCount = Math.min(ELF.symbolsMax, Math.floor(tableSizeBytes / entrySizeBytes));
    for (let symbol = 0; symbol < symbolCount; symbol += 1) {
      const at = tableAt + symbol * entrySizeBytes;
      const isFunction = (view.getUint8(at + layout.symbol.info) & 0xf) === ELF.symbolTypeFunction;
      const isDefined = view.getUint16(at + layout.symbol.sectionIndex, true) !== ELF.sectionIndexUndefined;
      const nameAt = view.getUint32(at + layout.symbol.name, true);
      if (isFunction && isDefined && nameAt < strings.length) names.add(readName(strings, nameAt));
    }
  }
  return names;
}

/** Reads a library file and returns its defined dynamic functions; undefined when unreadable or not ELF. */
export function readDefinedDynamicFunctions(libraryPath: string): ReadonlySet<string> | undefined {
  try {
    const sizeBytes = fs.statSync(libraryPath).size;
    if (sizeBytes > ELF.fileSizeBytesMax) return undefined;
    return definedDynamicFunctions(fs.readFileSync(libraryPath));
  } catch {
    return undefined;
  }
}
