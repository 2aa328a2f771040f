/**
 * Tells whether an executable can be traced by an LD_PRELOAD library: it must
 * be dynamically linked (have a PT_INTERP program header naming the dynamic
 * linker) and must not be a Go program (Go makes its system calls directly,
 * without libc, even when dynamically linked; its binaries carry a
 * `.go.buildinfo` or `.note.go.buildid` section, stripped or not).
 *
 * Only little-endian ELF is read (every Linux target Node runs on):
 *
 *   ELF header      e_ident[0..3] = 7f 'E' 'L' 'F', [4] class 1=32-bit 2=64-bit, [5] data 1=LE
 *                   e_phoff, e_phentsize, e_phnum   (program headers: p_type 3 = PT_INTERP)
 *                   e_shoff, e_shentsize, e_shnum, e_shstrndx   (section headers and their names)
 */
import fs from 'node:fs';

/** Frozen layout constants of the ELF fields read here (System V ABI). */
const ELF = Object.freeze({
  magic: 0x464c457f,
  class32: 1,
  class64: 2,
  littleEndian: 1,
  programTypeInterpreter: 3,
  goSections: ['.go.buildinfo', '.note.go.buildid'],
  /** Headers and section names are read from at most this many bytes at the file's start and end. */
  fileSizeBytesMax: 1024 * 1024 * 1024,
  sectionsMax: 65_535,
});

/** How an executable is linked, as far as interposing it goes. */
export type ElfLinkage = 'dynamic' | 'static' | 'go' | 'not-elf';

interface Layout {
  readonly word: (view: DataView, at: number) => number;
  readonly programTable: { readonly offsetAt: number; readonly entrySizeAt: number; readonly countAt: number };
  readonly sectionTable: { readonly offsetAt: number; readonly entrySizeAt: number; readonly countAt: number; readonly namesIndexAt: number };
  readonly section: { readonly name: number; readonly offset: number; readonly size: number };
}

const LAYOUT_64: Layout = {
  word: (view, at) => Number(view.getBigUint64(at, true)),
  programTable: { offsetAt: 0x20, entrySizeAt: 0x36, countAt: 0x38 },
  sectionTable: { offsetAt: 0x28, entrySizeAt: 0x3a, countAt: 0x3c, namesIndexAt: 0x3e },
  section: { name: 0, offset: 24, size: 32 },
};

const LAYOUT_32: Layout = {
  word: (view, at) => view.getUint32(at, true),
  programTable: { offsetAt: 0x1c, entrySizeAt: 0x2a, countAt: 0x2c },
  sectionTable: { offsetAt: 0x20, entrySizeAt: 0x2e, countAt: 0x30, namesIndexAt: 0x32 },
  section: { name: 0, offset: 16, size: 20 },
};

/** The linkage of the ELF image in `bytes` ('not-elf' for scripts and anything malformed). */
export function elfLinkage(bytes: Uint8Array): ElfLinkage {
  if (bytes.length < 0x40) return 'not-elf';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== ELF.magic || bytes[5] !== ELF.littleEndian) return 'not-elf';
  const layout = bytes[4] === ELF.class64 ? LAYOUT_64 : bytes[4] === ELF.class32 ? LAYOUT_32 : undefined;
  if (layout === undefined) return 'not-elf';
  if (sectionNames(bytes, view, layout).some((name) => ELF.goSections.includes(name))) return 'go';
  const tableAt = layout.word(view, layout.programTable.offsetAt);
  const entrySizeBytes = view.getUint16(layout.programTable.entrySizeAt, true);
  const count = view.getUint16(layout.programTable.countAt, true);
  if (entrySizeBytes === 0 || tableAt + count * entrySizeBytes > bytes.length) return 'not-elf';
  for (let index = 0; index < count; index += 1) {
    if (view.getUint32(tableAt + index * entrySizeBytes, true) === ELF.programTypeInterpreter) return 'dynamic';
  }
  return 'static';
}

/** The names of the sections (empty when the section table is missing or malformed). */
function sectionNames(bytes: Uint8Array, view: DataView, layout: Layout): string[] {
  const tableAt = layout.word(view, layout.sectionTable.offsetAt);
  const entrySizeBytes = view.getUint16(layout.sectionTable.entrySizeAt, true);
  const count = Math.min(ELF.sectionsMax, view.getUint16(layout.sectionTable.countAt, true));
  const namesIndex = view.getUint16(layout.sectionTable.namesIndexAt, true);
  if (entrySizeBytes === 0 || namesIndex >= count || tableAt + count * entrySizeBytes > bytes.length) return [];
  const namesHeader = tableAt + namesIndex * entrySizeBytes;
  const namesAt = layout.word(view, namesHeader + layout.section.offset);
  const namesSizeBytes = layout.word(view, namesHeader + layout.section.size);
  if (namesAt + namesSizeBytes > bytes.length) return [];
  const names: string[] = [];
  for (let index = 0; index < count; index += 1) {
    let at = namesAt + view.getUint32(tableAt + index * entrySizeBytes + layout.section.name, true);
    const start = at;
    while (at < namesAt + namesSizeBytes && bytes[at] !== 0) at += 1;
    names.push(Buffer.from(bytes.buffer, bytes.byteOffset + start, at - start).toString('latin1'));
  }
  return names;
}

/** Reads an executable and returns its linkage ('not-elf' when unreadable, too large, or not ELF). */
export function readElfLinkage(executablePath: string): ElfLinkage {
  try {
    if (fs.statSync(executablePath).size > ELF.fileSizeBytesMax) return 'not-elf';
    return elfLinkage(fs.readFileSync(executablePath));
  } catch {
    return 'not-elf';
  }
}
