// The structure-aware mutations. Each knows which structure it edits (ELF header, a program header
// of some type, the interpreter path, the file's length) and returns a one-line description of
// what it did, or null when it does not apply to the file as it now is (then another is drawn).

import type { Prng } from '../fuzz/prng.js';
import { ElfImage } from './image.js';
import { EHDR_FIELDS, EHDR_SIZE, EF_RISCV, PHDR_FIELDS, PHDR_SIZE, PT, PT_NAMES, ehdrField, phdrField, type Field } from './layout.js';
import { interestingOfWidth, interestingU64 } from './values.js';
import { interpPath } from './interp.js';

export interface Mutation {
  name: string;
  weight: number;
  apply(r: Prng, img: ElfImage): string | null;
}

const PAGE = 4096n;
const hex = (v: bigint) => `0x${v.toString(16)}`;

interface Phdr {
  index: number;
  at: number;
  type: number;
}

function phdrs(img: ElfImage): Phdr[] {
  return img.phdrOffsets().map((at, index) => ({ index, at, type: Number(img.read(at, phdrField('p_type'))) }));
}

function label(p: Phdr): string {
  return `phdr[${p.index}](${PT_NAMES[p.type] ?? hex(BigInt(p.type))})`;
}

function ofType(img: ElfImage, type: number): Phdr[] {
  return phdrs(img).filter((p) => p.type === type);
}

/** Sets a program header field and describes the change. */
function setPhdr(img: ElfImage, p: Phdr, name: string, value: bigint): string {
  const f = phdrField(name);
  const was = img.read(p.at, f);
  img.write(p.at, f, value);
  return `${label(p)}.${name} = ${hex(BigInt.asUintN(f.size * 8, value))} (was ${hex(was)})`;
}

function setHeader(img: ElfImage, name: string, value: bigint): string {
  const was = img.header(name);
  img.setHeader(name, value);
  return `${name} = ${hex(BigInt.asUintN(ehdrField(name).size * 8, value))} (was ${hex(was)})`;
}

/** A value for `f` of `p`, with the same field of the other program headers as overlap candidates. */
function phdrValue(r: Prng, img: ElfImage, p: Phdr, f: Field): bigint {
  const peers = phdrs(img).filter((q) => q.index !== p.index).map((q) => img.read(q.at, f));
  return interestingOfWidth(r, f.size, img.read(p.at, f), { fileLength: img.length, peers });
}

/** A program header that is not PT_LOAD, to turn into something else without losing code. */
function spare(r: Prng, img: ElfImage, avoid: number[] = []): Phdr | null {
  const cands = phdrs(img).filter((p) => p.type !== PT.LOAD && !avoid.includes(p.type));
  return cands.length ? r.pick(cands) : null;
}

/** Per-field values that mean something to a loader (beyond the generic edges). */
const HEADER_SPECIALS: Record<string, readonly bigint[]> = {
  EI_CLASS: [0n, 1n, 2n, 3n, 0xffn],
  EI_DATA: [0n, 1n, 2n, 3n],
  EI_VERSION: [0n, 1n, 2n],
  EI_OSABI: [0n, 3n, 9n, 0xffn],
  e_type: [0n, 1n, 2n, 3n, 4n, 0xfe00n, 0xff00n, 0xffffn],
  e_machine: [0n, 3n, 62n, 183n, 243n, 244n],
  e_version: [0n, 1n, 2n],
  e_ehsize: [0n, 52n, 63n, 64n, 65n],
  e_phentsize: [0n, 32n, 55n, 56n, 57n, 64n, 112n],
  e_phnum: [0n, 1n, 2n, 1170n, 1171n, 0xfffen, 0xffffn],
  e_shentsize: [0n, 40n, 64n],
};

const ehdr: Mutation = {
  name: 'ehdr-field',
  weight: 4,
  apply(r, img) {
    const f = r.pick(EHDR_FIELDS);
    if (f.name === 'e_flags') {
      // The float ABI bits, RVC, RVE and TSO, or anything.
      const flags = img.header('e_flags');
      const v = r.chance(0.7)
        ? (flags & ~BigInt(EF_RISCV.FLOAT_ABI_MASK | EF_RISCV.RVE | EF_RISCV.TSO)) | BigInt(r.below(4) * 2)
          | (r.chance(0.2) ? BigInt(EF_RISCV.RVE) : 0n) | (r.chance(0.2) ? BigInt(EF_RISCV.TSO) : 0n)
        : BigInt(r.u32());
      return setHeader(img, f.name, v);
    }
    const specials = HEADER_SPECIALS[f.name];
    const phnum = img.header('e_phnum');
    const v = specials && r.chance(0.6)
      ? r.pick(f.name === 'e_phnum' ? [...specials, phnum - 1n, phnum + 1n] : specials)
      : interestingOfWidth(r, f.size, img.header(f.name), { fileLength: img.length, peers: [] });
    return setHeader(img, f.name, v);
  },
};

const phdrField_: Mutation = {
  name: 'phdr-field',
  weight: 6,
  apply(r, img) {
    const all = phdrs(img);
    if (!all.length) return null;
    // Mostly PT_LOAD: that is where the loader does arithmetic.
    const loads = all.filter((p) => p.type === PT.LOAD);
    const p = loads.length && r.chance(0.6) ? r.pick(loads) : r.pick(all);
    const f = r.pick(PHDR_FIELDS.filter((x) => x.name !== 'p_type'));
    return setPhdr(img, p, f.name, phdrValue(r, img, p, f));
  },
};

/** A mutation that sets one field of a random program header to a value drawn by `value`. */
function anyPhdr(name: string, weight: number, field: string, value: (r: Prng) => number): Mutation {
  return {
    name,
    weight,
    apply(r, img) {
      const all = phdrs(img);
      return all.length ? setPhdr(img, r.pick(all), field, BigInt(value(r))) : null;
    },
  };
}

const TYPES = [...Object.values(PT), 0x60000000, 0x6fffffff, 0x7fffffff, 0xffffffff];
const phdrType = anyPhdr('phdr-type', 3, 'p_type', (r) => (r.chance(0.9) ? r.pick(TYPES) : r.u32()));
/** Mostly the meaningful R/W/X combinations, sometimes junk in the other bits. */
const flagsValue = (r: Prng) => (r.chance(0.8) ? r.below(8) : r.u32());
const phdrFlags = anyPhdr('phdr-flags', 2, 'p_flags', flagsValue);

/** Shapes of PT_LOAD segments that loaders must refuse or survive. */
const loadShape: Mutation = {
  name: 'load-shape',
  weight: 6,
  apply(r, img) {
    const loads = ofType(img, PT.LOAD);
    if (!loads.length) return null;
    const p = r.pick(loads);
    const get = (n: string) => img.read(p.at, phdrField(n));
    const offset = get('p_offset'), vaddr = get('p_vaddr'), filesz = get('p_filesz'), memsz = get('p_memsz');
    const other = loads.length > 1 ? r.pick(loads.filter((q) => q !== p)) : p;
    const otherVaddr = img.read(other.at, phdrField('p_vaddr'));
    const len = BigInt(img.length);
    switch (r.below(12)) {
      case 0: return setPhdr(img, p, 'p_memsz', filesz - BigInt(r.range(1, 64))); // filesz > memsz
      case 1: return setPhdr(img, p, 'p_vaddr', vaddr + BigInt(r.range(1, 4095))); // vaddr, offset incongruent
      case 2: return setPhdr(img, p, 'p_offset', offset + BigInt(r.range(1, 4095)));
      case 3: // near 2^64, congruent with the offset, so that vaddr + memsz wraps
        return setPhdr(img, p, 'p_vaddr', BigInt.asUintN(64, -PAGE * BigInt(r.range(1, 16)) + (offset % PAGE)));
      case 4: // on top of another segment, congruent
        return setPhdr(img, p, 'p_vaddr', (otherVaddr & ~(PAGE - 1n)) + (offset % PAGE));
      case 5: return setPhdr(img, p, 'p_memsz', r.pick([1n << 32n, 1n << 40n, (1n << 53n) - 1n, 1n << 53n, (1n << 64n) - 1n]));
      case 6: // file data beyond the end of the file, congruent
        return setPhdr(img, p, 'p_offset', ((len + PAGE) & ~(PAGE - 1n)) + (vaddr % PAGE));
      case 7: return setPhdr(img, p, 'p_filesz', len - offset + BigInt(r.range(0, 2)));
      case 8: return setPhdr(img, p, 'p_align', r.pick([0n, 1n, 3n, 8n, PAGE, 0x10000n, 1n << 63n, (1n << 64n) - 1n]));
      case 9: return setPhdr(img, p, r.pick(['p_filesz', 'p_memsz']), 0n);
      case 10: { // memsz reaching up to or just past rvjit's guest limit
        const limit = 0xf000_0000n - (vaddr & ~(PAGE - 1n));
        return setPhdr(img, p, 'p_memsz', BigInt.asUintN(64, limit + BigInt(r.range(-1, 1)) * PAGE));
      }
      default: { // swap two PT_LOADs (descending addresses)
        const a = img.bytes.slice(p.at, p.at + PHDR_SIZE);
        img.bytes.copyWithin(p.at, other.at, other.at + PHDR_SIZE);
        img.bytes.set(a, other.at);
        return `swapped ${label(p)} and ${label(other)}`;
      }
    }
  },
};

/** Makes `p` a PT_INTERP whose path is `bytes`, appended to the file; `slack` bends p_filesz. */
function pointInterpAt(img: ElfImage, p: Phdr, bytes: Uint8Array, slack = 0n): void {
  const at = img.append(bytes);
  img.write(p.at, phdrField('p_type'), BigInt(PT.INTERP));
  img.write(p.at, phdrField('p_offset'), BigInt(at));
  img.write(p.at, phdrField('p_filesz'), BigInt(bytes.length) + slack);
  img.write(p.at, phdrField('p_memsz'), BigInt(bytes.length) + slack);
}

/** Points PT_INTERP at another path; returns false when the file has no PT_INTERP to change. */
export function setInterp(img: ElfImage, path: string): boolean {
  const p = ofType(img, PT.INTERP)[0];
  if (p) pointInterpAt(img, p, new TextEncoder().encode(`${path}\0`));
  return p !== undefined;
}

/** Points PT_INTERP (or a repurposed program header) at a new path appended to the file. */
const interpEdit: Mutation = {
  name: 'interp-path',
  weight: 5,
  apply(r, img) {
    const p = ofType(img, PT.INTERP)[0] ?? spare(r, img);
    if (!p) return null;
    const { bytes, what } = interpPath(r);
    const slack = r.chance(0.15) ? BigInt(r.range(-2, 2)) : 0n; // a p_filesz that misses the NUL or exceeds it
    pointInterpAt(img, p, bytes, slack);
    return `phdr[${p.index}] = PT_INTERP ${what}${slack ? `, p_filesz ${slack > 0n ? '+' : ''}${slack}` : ''}`;
  },
};

const interpCount: Mutation = {
  name: 'interp-count',
  weight: 2,
  apply(r, img) {
    const interp = ofType(img, PT.INTERP)[0];
    if (!interp) return null;
    if (r.chance(0.5)) return setPhdr(img, interp, 'p_type', BigInt(r.pick([PT.NULL, PT.NOTE])));
    const p = spare(r, img, [PT.INTERP]);
    if (!p) return null;
    img.bytes.copyWithin(p.at, interp.at, interp.at + PHDR_SIZE);
    return `${label(p)} = a second copy of ${label(interp)}`;
  },
};

const gnuStack: Mutation = {
  name: 'gnu-stack',
  weight: 2,
  apply(r, img) {
    const p = ofType(img, PT.GNU_STACK)[0] ?? spare(r, img);
    if (!p) return null;
    if (r.chance(0.2)) return setPhdr(img, p, 'p_type', BigInt(PT.NULL)); // no PT_GNU_STACK: executable stack
    img.write(p.at, phdrField('p_type'), BigInt(PT.GNU_STACK));
    const f = r.pick(['p_flags', 'p_memsz', 'p_vaddr']);
    return setPhdr(img, p, f, f === 'p_flags' ? BigInt(flagsValue(r)) : phdrValue(r, img, p, phdrField(f)));
  },
};

/** PT_TLS, PT_PHDR and PT_DYNAMIC: created from a spare header if absent, then bent. */
const specialSegment: Mutation = {
  name: 'tls-phdr-dynamic',
  weight: 4,
  apply(r, img) {
    const type = r.pick([PT.TLS, PT.PHDR, PT.DYNAMIC]);
    let p = ofType(img, type)[0];
    let made = '';
    if (!p || r.chance(0.2)) {
      const s = spare(r, img, [PT.INTERP]);
      if (!s) return null;
      made = `${setPhdr(img, s, 'p_type', BigInt(type))}; `;
      p = { ...s, type };
    }
    const f = r.pick(PHDR_FIELDS.filter((x) => x.name !== 'p_type' && x.name !== 'p_paddr'));
    return made + setPhdr(img, p, f.name, phdrValue(r, img, p, f));
  },
};

const truncate: Mutation = {
  name: 'truncate',
  weight: 3,
  apply(r, img) {
    const bounds = [0, 4, 16, 63, EHDR_SIZE];
    for (const p of phdrs(img)) {
      bounds.push(p.at, p.at + PHDR_SIZE - 1, p.at + PHDR_SIZE);
      const end = img.read(p.at, phdrField('p_offset')) + img.read(p.at, phdrField('p_filesz'));
      if (end <= BigInt(img.length)) bounds.push(Number(end) - 1, Number(end));
    }
    const at = r.chance(0.7) ? r.pick(bounds) : r.below(img.length + 1);
    if (at >= img.length) return null;
    const was = img.length;
    img.truncate(at);
    return `truncated to ${at} bytes (was ${was})`;
  },
};

const byteFlip: Mutation = {
  name: 'byte-flip',
  weight: 3,
  apply(r, img) {
    const ranges = img.headerRanges().filter(([a, b]) => b > a);
    if (!ranges.length) return null;
    const n = r.range(1, 8);
    const done: string[] = [];
    for (let i = 0; i < n; i++) {
      const [a, b] = r.pick(ranges);
      const at = r.range(a, b - 1);
      const was = img.bytes[at]!;
      img.bytes[at] = r.chance(0.5) ? was ^ (1 << r.below(8)) : r.below(256);
      done.push(`[${at}] ${was}->${img.bytes[at]}`);
    }
    return `bytes ${done.join(', ')}`;
  },
};

/** Moves or bends the program header table as a whole. */
const phdrTable: Mutation = {
  name: 'phdr-table',
  weight: 2,
  apply(r, img) {
    const all = phdrs(img);
    if (!all.length) return null;
    const phoff = img.header('e_phoff');
    switch (r.below(4)) {
      case 0: { // a copy at the end of the file, possibly misaligned
        const table = img.bytes.slice(all[0]!.at, all[all.length - 1]!.at + PHDR_SIZE);
        const pad = r.below(8);
        const at = img.append(new Uint8Array(pad + table.length));
        img.bytes.set(table, at + pad);
        return setHeader(img, 'e_phoff', BigInt(at + pad));
      }
      case 1: return setHeader(img, 'e_phoff', phoff + BigInt(r.pick([1, 8, PHDR_SIZE / 2, PHDR_SIZE])));
      case 2: return setHeader(img, 'e_phoff', BigInt(r.pick([0, 1, 8, EHDR_SIZE - 8])));
      default: { // copy one entry over another (two identical segments)
        const [a, b] = [r.pick(all), r.pick(all)];
        img.bytes.copyWithin(b.at, a.at, a.at + PHDR_SIZE);
        return `${label(b)} = a copy of ${label(a)}`;
      }
    }
  },
};

const entry: Mutation = {
  name: 'entry',
  weight: 2,
  apply(r, img) {
    const peers = phdrs(img).map((p) => img.read(p.at, phdrField('p_vaddr')));
    const cur = img.header('e_entry');
    const v = r.chance(0.3) ? cur + BigInt(r.range(1, 3)) : interestingU64(r, cur, { fileLength: img.length, peers });
    return setHeader(img, 'e_entry', v);
  },
};

export const MUTATIONS: readonly Mutation[] = [
  ehdr, phdrField_, phdrType, phdrFlags, loadShape, interpEdit, interpCount, gnuStack, specialSegment,
  truncate, byteFlip, phdrTable, entry,
];
