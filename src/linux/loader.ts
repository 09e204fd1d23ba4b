// Loading a program: map the ELF's segments (and its interpreter's), then build the initial stack
// exactly as Linux lays it out: argc, argv, envp, auxv, then the strings and AT_RANDOM bytes.

import { parseElf, ElfError, ET_DYN, PT_LOAD, PT_PHDR, PF_R, PF_W, PF_X, type ElfImage } from './elf.js';
import { MemoryError, PROT_EXEC, PROT_READ, PROT_WRITE, type AddressSpace } from '../memory/address-space.js';
import { GUEST_LIMIT, PAGE_SIZE, pageAlignDown, pageAlignUp } from '../memory/layout.js';

/** Where position-independent main programs are loaded (Linux uses 2/3 of the address space; we have 3.75 GiB). */
export const PIE_BASE = 0x5555_5000;
/** Top of the initial stack mapping. */
export const STACK_TOP = 0xefff_f000;
export const STACK_SIZE = 8 * 1024 * 1024;
/** Room kept free below the stack before mmap placement starts (Linux keeps at least 128 MiB). */
const STACK_GAP = 128 * 1024 * 1024;

export const AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8,
  AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
  AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31, AT_MINSIGSTKSZ = 51;

/** AT_HWCAP: one bit per single-letter extension, bit (letter - 'a'). */
export const HWCAP_IMAFDC = ['i', 'm', 'a', 'f', 'd', 'c'].reduce((m, ch) => m | (1 << (ch.charCodeAt(0) - 97)), 0);

export interface LoadedImage {
  elf: ElfImage;
  bias: number;
  entry: number;
  /** Guest address of the program headers. */
  phdr: number;
  /** End of the highest segment (page-aligned): the initial program break. */
  brk: number;
}

function segmentProt(flags: number): number {
  return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) | (flags & PF_X ? PROT_EXEC : 0);
}

/**
 * Maps the PT_LOAD segments of `file` at `bias`. Returns where things landed. Segment pages
 * are mapped with their final protections; contents are copied in (Node cannot mmap files).
 */
export function mapImage(mm: AddressSpace, file: Uint8Array, elf: ElfImage, bias: number, name: string, ino: { dev: number; inode: number }): LoadedImage {
  // Check every segment before mapping any: segments of one image may overlap each other (Linux
  // maps them one after another, MAP_FIXED), but not what is already there (the stack, or the
  // program when this is its interpreter), which Linux's MAP_FIXED_NOREPLACE refuses (EEXIST).
  for (const ph of elf.phdrs) {
    if (ph.type !== PT_LOAD || ph.memsz === 0) continue;
    const start = pageAlignDown(bias + ph.vaddr);
    const end = pageAlignUp(bias + ph.vaddr + ph.memsz);
    if (end > GUEST_LIMIT || start < PAGE_SIZE) {
      throw new ElfError(`segment at 0x${(bias + ph.vaddr).toString(16)} lies outside the guest address range rvjit supports (0x1000-0x${GUEST_LIMIT.toString(16)})`);
    }
    const taken = mm.vmas.find((v) => v.start < end && v.end > start);
    if (taken) {
      throw new ElfError(`segment at 0x${start.toString(16)}-0x${end.toString(16)} collides with ${taken.name || 'a mapping'} at 0x${taken.start.toString(16)}-0x${taken.end.toString(16)}`);
    }
  }
  let phdr = 0;
  let brk = 0;
  for (const ph of elf.phdrs) {
    if (ph.type !== PT_LOAD || ph.memsz === 0) continue;
    const start = pageAlignDown(bias + ph.vaddr);
    const end = pageAlignUp(bias + ph.vaddr + ph.memsz);
    mm.map(start, end - start, segmentProt(ph.flags), {
      name, offset: pageAlignDown(ph.offset), dev: ino.dev, inode: ino.inode,
    });
    mm.poke(bias + ph.vaddr, file.subarray(ph.offset, ph.offset + ph.filesz));
    if (elf.phoff >= ph.offset && elf.phoff + elf.phnum * 56 <= ph.offset + ph.filesz) {
      phdr = bias + ph.vaddr + (elf.phoff - ph.offset);
    }
    brk = Math.max(brk, end);
  }
  const pt = elf.phdrs.find((p) => p.type === PT_PHDR);
  if (pt) phdr = bias + pt.vaddr;
  return { elf, bias, entry: bias + elf.entry, phdr, brk };
}

/** Picks the load bias: ET_EXEC at its link address, ET_DYN at `preferred` or wherever it fits. */
export function chooseBias(mm: AddressSpace, elf: ElfImage, preferred: number): number {
  if (elf.type !== ET_DYN) return 0;
  const span = pageAlignUp(elf.maxVaddr) - pageAlignDown(elf.minVaddr);
  const lo = pageAlignDown(elf.minVaddr);
  if (preferred && preferred + lo + span <= GUEST_LIMIT && mm.isFree(preferred + lo, preferred + lo + span)) return preferred;
  try {
    return mm.findFree(span, 0) - lo;
  } catch (e) {
    if (e instanceof MemoryError) throw new ElfError(`no room for its segments (0x${span.toString(16)} bytes) in the guest address space`);
    throw e;
  }
}

export interface StackSpec {
  argv: string[];
  env: string[];
  execfn: string;
  /** Entries before AT_RANDOM, and after AT_PLATFORM (Linux's order). */
  auxv: [number, number][];
  auxvTail: [number, number][];
  random: Uint8Array;
  platform: string;
}

export interface BuiltStack {
  sp: number;
  /** Where the auxv pairs were written (for /proc/self/auxv). */
  auxvAddr: number;
  auxvBytes: number;
}

/**
 * Writes the initial stack below STACK_TOP. Layout from the top down: execfn string, envp
 * strings, argv strings, platform string, 16 random bytes, then (16-byte aligned) argc, argv[],
 * NULL, envp[], NULL, auxv pairs ending with AT_NULL.
 */
export function buildStack(mm: AddressSpace, spec: StackSpec): BuiltStack {
  const enc = new TextEncoder();
  let p = STACK_TOP - 8; // Linux keeps the top word of the stack zero
  const pushString = (s: string) => {
    const b = enc.encode(s);
    p -= b.length + 1;
    mm.poke(p, b);
    mm.poke(p + b.length, new Uint8Array([0]));
    return p;
  };
  const execfnAddr = pushString(spec.execfn);
  const envAddrs: number[] = [];
  for (let i = spec.env.length - 1; i >= 0; i--) envAddrs.unshift(pushString(spec.env[i]!));
  const argAddrs: number[] = [];
  for (let i = spec.argv.length - 1; i >= 0; i--) argAddrs.unshift(pushString(spec.argv[i]!));
  p = alignDown16(p);
  const platformAddr = pushString(spec.platform);
  p = alignDown16(p) - 16;
  const randomAddr = p;
  mm.poke(randomAddr, spec.random);

  const auxv: [number, number][] = spec.auxv.map(([k, v]) => [k, v]);
  auxv.push([AT_RANDOM, randomAddr], [AT_EXECFN, execfnAddr], [AT_PLATFORM, platformAddr], ...spec.auxvTail, [AT_NULL, 0]);
  const words = 1 + argAddrs.length + 1 + envAddrs.length + 1 + auxv.length * 2;
  const sp = alignDown16(p - words * 8);
  const table = new BigUint64Array(words);
  let k = 0;
  table[k++] = BigInt(argAddrs.length);
  for (const a of argAddrs) table[k++] = BigInt(a);
  table[k++] = 0n;
  for (const a of envAddrs) table[k++] = BigInt(a);
  table[k++] = 0n;
  const auxvAddr = sp + k * 8;
  for (const [key, v] of auxv) {
    table[k++] = BigInt(key);
    table[k++] = BigInt(v);
  }
  mm.poke(sp, new Uint8Array(table.buffer));
  return { sp, auxvAddr, auxvBytes: auxv.length * 16 };
}

/** Addresses here exceed 2^31, so no bitwise operators. */
function alignDown16(x: number): number {
  return x - (x % 16);
}

export function stackLayout(): { top: number; size: number; mmapBase: number } {
  return { top: STACK_TOP, size: STACK_SIZE, mmapBase: STACK_TOP - STACK_SIZE - STACK_GAP };
}

export { parseElf, ElfError };
