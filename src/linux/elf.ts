// ELF64 parsing and validation for RISC-V programs. Every malformed or foreign input ends in an
// ElfError whose message is one line a user can act on.

export class ElfError extends Error {}

export const ET_EXEC = 2;
export const ET_DYN = 3;
export const EM_RISCV = 243;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_STACK = 0x6474e551;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

const PHDR_SIZE = 56;
/** Linux refuses program-header tables larger than this (fs/binfmt_elf.c). */
const MAX_PHDR_BYTES = 65536;
const MAX_INTERP_PATH = 4096;

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

export interface ElfImage {
  type: number;
  entry: number;
  phoff: number;
  phnum: number;
  phdrs: ProgramHeader[];
  interp: string | null;
  /** Lowest and highest (exclusive) virtual address of the PT_LOAD segments, unbiased. */
  minVaddr: number;
  maxVaddr: number;
  /** Whether the stack should be executable (PT_GNU_STACK with PF_X, or no PT_GNU_STACK). */
  execStack: boolean;
  /** Whether a PT_NOTE holds a Go build ID (the "Go" note of type 4 Go's linker writes). */
  goBuildId: boolean;
}

/** Type of the note Go's linker writes with the build ID (owner "Go"). */
const NT_GO_BUILDID = 4;

/** Whether the notes in `notes` (a PT_NOTE segment's bytes) include Go's build ID note. */
function hasGoBuildId(notes: Uint8Array): boolean {
  const dv = new DataView(notes.buffer, notes.byteOffset, notes.byteLength);
  const align4 = (n: number) => (n + 3) & ~3;
  for (let o = 0; o + 12 <= notes.length; ) {
    const namesz = dv.getUint32(o, true), descsz = dv.getUint32(o + 4, true), type = dv.getUint32(o + 8, true);
    const name = o + 12;
    if (namesz > notes.length || descsz > notes.length) return false;
    if (type === NT_GO_BUILDID && namesz >= 2 && name + namesz <= notes.length && notes[name] === 0x47 && notes[name + 1] === 0x6f &&
      notes.subarray(name + 2, name + namesz).every((b) => b === 0)) return true;
    o = name + align4(namesz) + align4(descsz);
  }
  return false;
}

const MACHINES: Record<number, string> = {
  3: 'x86 (i386)', 8: 'MIPS', 20: 'PowerPC', 21: 'PowerPC64', 22: 's390', 40: 'ARM', 62: 'x86-64',
  183: 'AArch64', 243: 'RISC-V', 258: 'LoongArch',
};

/** Reads a u64 field as a JS number, rejecting values past 2^53 (no valid RV64 program has them). */
function u64(dv: DataView, off: number, what: string): number {
  const v = dv.getBigUint64(off, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`${what} out of range (0x${v.toString(16)})`);
  return Number(v);
}

/**
 * Parses and checks an ELF program. For an interpreter (`asInterpreter`), PT_INTERP is not looked
 * at, as Linux's load_elf_interp() does not: an interpreter does not get an interpreter of its own.
 */
export function parseElf(file: Uint8Array, asInterpreter = false): ElfImage {
  if (file.length >= 2 && file[0] === 0x23 && file[1] === 0x21) {
    throw new ElfError('is a script (starts with #!), not a RISC-V ELF program');
  }
  if (file.length < 4 || file[0] !== 0x7f || file[1] !== 0x45 || file[2] !== 0x4c || file[3] !== 0x46) {
    throw new ElfError('not an ELF file');
  }
  if (file.length < 64) throw new ElfError('truncated ELF header');
  if (file[4] === 1) throw new ElfError('32-bit ELF; rvjit runs 64-bit RISC-V (RV64) programs');
  if (file[4] !== 2) throw new ElfError(`unknown ELF class ${file[4]}`);
  if (file[5] !== 1) throw new ElfError('big-endian ELF; RISC-V programs are little-endian');
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const machine = dv.getUint16(18, true);
  if (machine !== EM_RISCV) {
    throw new ElfError(`ELF for ${MACHINES[machine] ?? `machine ${machine}`}, not RISC-V`);
  }
  const type = dv.getUint16(16, true);
  if (type !== ET_EXEC && type !== ET_DYN) {
    const what = type === 1 ? 'a relocatable object (.o)' : type === 4 ? 'a core dump' : `ELF type ${type}`;
    throw new ElfError(`${what}, not an executable`);
  }
  const entry = u64(dv, 24, 'entry point');
  const phoff = u64(dv, 32, 'program header offset');
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  if (phentsize !== PHDR_SIZE) throw new ElfError(`bad program header size ${phentsize} (expected ${PHDR_SIZE})`);
  if (phnum === 0) throw new ElfError('no program headers');
  if (phnum * PHDR_SIZE > MAX_PHDR_BYTES) throw new ElfError(`too many program headers (${phnum})`);
  if (phoff + phnum * PHDR_SIZE > file.length) throw new ElfError('program headers extend past the end of the file');

  const phdrs: ProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * PHDR_SIZE;
    phdrs.push({
      type: dv.getUint32(o, true),
      flags: dv.getUint32(o + 4, true),
      offset: u64(dv, o + 8, 'segment offset'),
      vaddr: u64(dv, o + 16, 'segment address'),
      filesz: u64(dv, o + 32, 'segment file size'),
      memsz: u64(dv, o + 40, 'segment memory size'),
      align: u64(dv, o + 48, 'segment alignment'),
    });
  }

  let minVaddr = Infinity, maxVaddr = 0;
  let interp: string | null = null;
  let execStack = true;
  let goBuildId = false;
  for (const ph of phdrs) {
    if (ph.type === PT_LOAD) {
      if (ph.filesz > ph.memsz) throw new ElfError('segment file size exceeds its memory size');
      if (ph.offset + ph.filesz > file.length) throw new ElfError('segment extends past the end of the file');
      if ((ph.vaddr - ph.offset) % 4096 !== 0) throw new ElfError('segment address and file offset are not congruent modulo the page size');
      if (ph.vaddr + ph.memsz > Number.MAX_SAFE_INTEGER) throw new ElfError('segment address out of range');
      if (ph.memsz === 0) continue;
      minVaddr = Math.min(minVaddr, ph.vaddr);
      maxVaddr = Math.max(maxVaddr, ph.vaddr + ph.memsz);
    } else if (ph.type === PT_INTERP && !asInterpreter) {
      if (interp !== null) throw new ElfError('more than one PT_INTERP');
      if (ph.filesz < 2 || ph.filesz > MAX_INTERP_PATH) throw new ElfError(`bad interpreter path length ${ph.filesz}`);
      if (ph.offset + ph.filesz > file.length) throw new ElfError('interpreter path extends past the end of the file');
      const bytes = file.subarray(ph.offset, ph.offset + ph.filesz);
      if (bytes[bytes.length - 1] !== 0) throw new ElfError('interpreter path is not NUL-terminated');
      interp = new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
      if (!interp) throw new ElfError('empty interpreter path');
    } else if (ph.type === PT_GNU_STACK) {
      execStack = (ph.flags & PF_X) !== 0;
    } else if (ph.type === PT_NOTE && ph.offset + ph.filesz <= file.length) {
      goBuildId ||= hasGoBuildId(file.subarray(ph.offset, ph.offset + ph.filesz));
    }
  }
  if (minVaddr === Infinity) throw new ElfError('no loadable segments');
  return { type, entry, phoff, phnum, phdrs, interp, minVaddr, maxVaddr, execStack, goBuildId };
}
