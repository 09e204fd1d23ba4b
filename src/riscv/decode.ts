// Decoder for RV64GC + Zba/Zbb/Zbs. 32-bit instructions are matched against ENCODINGS; 16-bit
// ones are expanded through COMPRESSED into the same decoded form, so the translator sees only
// base instructions (plus the compressed name, kept for the disassembler).

import { ENCODINGS, type Format } from './encodings.js';
import { COMPRESSED, type CompressedEncoding } from './compressed.js';

export interface Insn {
  /** Index into ENCODINGS. */
  op: number;
  rd: number;
  rs1: number;
  rs2: number;
  rs3: number;
  /** Sign-extended immediate, shift amount, or the zimm of csr*i. */
  imm: number;
  /** CSR number for Zicsr instructions. */
  csr: number;
  /** Rounding mode for FP ops; aq<<1|rl for atomics; the fence's fm<<8|pred<<4|succ. */
  rm: number;
  /** 2 or 4 bytes. */
  len: number;
  /** The encoding as fetched (16 or 32 bits). */
  raw: number;
  /** Name of the compressed instruction this was expanded from, or ''. */
  cname: string;
}

/** Ops that read the rounding-mode field: encodings with an rm field in their format. */
const HAS_RM: ReadonlySet<Format> = new Set<Format>(['RM', 'RM1', 'R4']);

/** How `fields` extracts the immediate (and csr/rm) of a format: small integers to switch on. */
const enum Kind { Plain, I, S, B, U, J, Sh6, Sh5, Amo, Csr, Csri, Fence }
const KIND: Partial<Record<Format, Kind>> = {
  I: Kind.I, S: Kind.S, B: Kind.B, U: Kind.U, J: Kind.J, SH6: Kind.Sh6, SH5: Kind.Sh5, AMO: Kind.Amo, LR: Kind.Amo,
  CSR: Kind.Csr, CSRI: Kind.Csri, FENCE: Kind.Fence,
};

/** An encoding as the decoder matches it, with what it needs precomputed. */
interface Row {
  readonly mask: number;
  readonly match: number;
  readonly op: number;
  readonly kind: Kind;
  /** The format has an rm field, and rm 5 and 6 are reserved. */
  readonly hasRm: boolean;
}

/**
 * Candidate rows by opcode and funct3 (bits 6:0 and 14:12): a row whose mask leaves funct3 open
 * is listed under all eight values. Most specific masks first, so a Zb* row wins over a generic
 * row it refines (none overlap today, but the table should not depend on row order).
 */
const byOpcodeFunct3: Row[][] = Array.from({ length: 1024 }, () => []);
// Rows in order of decreasing mask popcount, so each list comes out sorted (a stable sort of
// the ~400 rows once, rather than of 1,024 lists at every start-up).
ENCODINGS.map((e, op) => ({ e, op, bits: popcount(e.mask) }))
  .sort((a, b) => b.bits - a.bits)
  .forEach(({ e, op }) => {
    const row: Row = { mask: e.mask >>> 0, match: e.match >>> 0, op, kind: KIND[e.format] ?? Kind.Plain, hasRm: HAS_RM.has(e.format) };
    for (let f3 = 0; f3 < 8; f3++) {
      if (((f3 << 12) & e.mask) !== (e.match & e.mask & 0x7000)) continue;
      byOpcodeFunct3[(e.match & 0x7f) | (f3 << 7)]!.push(row);
    }
  });

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}

export const OP_INDEX: ReadonlyMap<string, number> = new Map(ENCODINGS.map((e, i) => [e.name, i]));

export function opIndex(name: string): number {
  const i = OP_INDEX.get(name);
  if (i === undefined) throw new Error(`no such instruction: ${name}`);
  return i;
}

function signExtend(value: number, bits: number): number {
  const shift = 32 - bits;
  return (value << shift) >> shift;
}

/** Decodes a 32-bit instruction word; returns null for reserved or unknown encodings. */
export function decode32(raw: number): Insn | null {
  raw = raw >>> 0;
  if ((raw & 3) !== 3 || (raw & 0x1c) === 0x1c) return null; // compressed or >32-bit
  const list = byOpcodeFunct3[(raw & 0x7f) | ((raw >>> 5) & 0x380)]!;
  for (let k = 0; k < list.length; k++) {
    const row = list[k]!;
    if (((raw & row.mask) >>> 0) !== row.match) continue;
    const insn = fields(raw, row);
    if (row.hasRm && (insn.rm === 5 || insn.rm === 6)) return null;
    return insn;
  }
  return null;
}

function fields(raw: number, row: Row): Insn {
  const r = raw | 0;
  let imm = 0;
  let rm = (raw >>> 12) & 7;
  let csr = 0;
  switch (row.kind) {
    case Kind.I:
      imm = r >> 20;
      break;
    case Kind.S:
      imm = ((r >> 25) << 5) | ((raw >>> 7) & 0x1f);
      break;
    case Kind.B:
      imm = ((r >> 31) << 12) | (((raw >>> 7) & 1) << 11) | (((raw >>> 25) & 0x3f) << 5) | (((raw >>> 8) & 0xf) << 1);
      break;
    case Kind.U:
      imm = r & ~0xfff;
      break;
    case Kind.J:
      imm = ((r >> 31) << 20) | (raw & 0xff000) | (((raw >>> 20) & 1) << 11) | (((raw >>> 21) & 0x3ff) << 1);
      break;
    case Kind.Sh6:
      imm = (raw >>> 20) & 0x3f;
      break;
    case Kind.Sh5:
      imm = (raw >>> 20) & 0x1f;
      break;
    case Kind.Amo:
      rm = (raw >>> 25) & 3;
      break;
    case Kind.Csr:
      csr = raw >>> 20;
      break;
    case Kind.Csri:
      csr = raw >>> 20;
      imm = (raw >>> 15) & 0x1f;
      break;
    case Kind.Fence:
      rm = (raw >>> 20) & 0xfff;
      break;
    default:
      break;
  }
  return {
    op: row.op,
    rd: (raw >>> 7) & 0x1f,
    rs1: (raw >>> 15) & 0x1f,
    rs2: (raw >>> 20) & 0x1f,
    rs3: raw >>> 27,
    imm,
    csr,
    rm,
    len: 4,
    raw,
    cname: '',
  };
}

/**
 * Compressed rows by quadrant and funct3 (bits 1:0 and 15:13, which every row pins), in
 * COMPRESSED's order (most specific first). Decoding runs mostly cold, once per distinct
 * encoding and largely before V8 optimises anything, where a scan of all rows through an
 * iterator cost microseconds per instruction.
 */
const compressedRows: CompressedEncoding[][] = Array.from({ length: 32 }, () => []);
for (const c of COMPRESSED) compressedRows[compressedBucket(c.match)]!.push(c);

function compressedBucket(raw: number): number {
  return ((raw >>> 11) & 0x1c) | (raw & 3);
}

/** Decodes a 16-bit compressed instruction; returns null for reserved encodings. */
export function decode16(raw: number): Insn | null {
  raw &= 0xffff;
  const list = compressedRows[compressedBucket(raw)]!;
  for (let k = 0; k < list.length; k++) {
    const c = list[k]!;
    if ((raw & c.mask) !== c.match) continue;
    const x = c.expand(raw);
    if (!x) return null;
    return {
      op: opIndex(x.name),
      rd: x.rd ?? 0,
      rs1: x.rs1 ?? 0,
      rs2: x.rs2 ?? 0,
      rs3: 0,
      imm: x.imm ?? 0,
      csr: 0,
      rm: 0,
      len: 2,
      raw,
      cname: c.name,
    };
  }
  return null;
}

/**
 * Decodes the instruction whose first halfword is `lo` (and, for 32-bit instructions, whose
 * second halfword is `hi`). Returns null for an illegal instruction.
 */
export function decode(lo: number, hi: number): Insn | null {
  return (lo & 3) === 3 ? decode32(((hi & 0xffff) << 16) | (lo & 0xffff)) : decode16(lo);
}

/** Length in bytes of the instruction starting with halfword `lo`. */
export function insnLength(lo: number): number {
  return (lo & 3) === 3 ? 4 : 2;
}

export { signExtend };
