// The inverse of src/riscv/decode.ts: builds an instruction word from a name and operand fields.
// 32-bit instructions are assembled from the ENCODINGS row (its match bits plus the fields its
// format owns); compressed ones from the RVC layouts below, taking the operands of the base
// instruction they expand to, exactly as decode16() reports them. Every field is range-checked
// so a generator bug surfaces as an exception here rather than as a "divergence".

import { ENCODINGS, type Encoding } from '../../src/riscv/encodings.js';

/** Operands, named as in the decoder's Insn (rm doubles as aq<<1|rl and as the fence bits). */
export interface Fields {
  rd?: number;
  rs1?: number;
  rs2?: number;
  rs3?: number;
  imm?: number;
  csr?: number;
  rm?: number;
}

export class EncodeError extends Error {}

const byName = new Map<string, Encoding>(ENCODINGS.map((e) => [e.name, e]));

export function encoding(name: string): Encoding {
  const e = byName.get(name);
  if (!e) throw new EncodeError(`no such instruction: ${name}`);
  return e;
}

/** Encodes a 32-bit instruction, or a 16-bit one when the name starts with "c.". */
export function encode(name: string, f: Fields = {}): number {
  return name.startsWith('c.') ? encodeCompressed(name, f) : encode32(name, f);
}

function check(ok: boolean, name: string, what: string): void {
  if (!ok) throw new EncodeError(`${name}: ${what} out of range`);
}

function reg(name: string, f: Fields, key: 'rd' | 'rs1' | 'rs2' | 'rs3'): number {
  const v = f[key] ?? 0;
  check(Number.isInteger(v) && v >= 0 && v < 32, name, key);
  return v;
}

function simm(name: string, v: number, bits: number, align = 1): number {
  const lim = 2 ** (bits - 1);
  check(Number.isInteger(v) && v >= -lim && v < lim && v % align === 0, name, `immediate ${v}`);
  return v;
}

function uimm(name: string, v: number, bits: number, what = 'immediate'): number {
  check(Number.isInteger(v) && v >= 0 && v < 2 ** bits, name, `${what} ${v}`);
  return v;
}

export function encode32(name: string, f: Fields): number {
  const e = encoding(name);
  const rd = () => reg(name, f, 'rd') << 7;
  const rs1 = () => reg(name, f, 'rs1') << 15;
  const rs2 = () => reg(name, f, 'rs2') << 20;
  const rm = () => uimm(name, f.rm ?? 0, 3, 'rm') << 12;
  const imm = f.imm ?? 0;
  let w: number;
  switch (e.format) {
    case 'R':
      w = rd() | rs1() | rs2();
      break;
    case 'I':
      w = rd() | rs1() | ((simm(name, imm, 12) & 0xfff) << 20);
      break;
    case 'S': {
      const v = simm(name, imm, 12);
      w = rs1() | rs2() | ((v & 0x1f) << 7) | (((v >> 5) & 0x7f) << 25);
      break;
    }
    case 'B': {
      const v = simm(name, imm, 13, 2);
      w = rs1() | rs2() | (((v >> 11) & 1) << 7) | (((v >> 1) & 0xf) << 8) | (((v >> 5) & 0x3f) << 25) | (((v >> 12) & 1) << 31);
      break;
    }
    case 'U':
      // imm is the value the instruction produces before sign extension: low 12 bits zero.
      check(Number.isInteger(imm) && imm >= -(2 ** 31) && imm < 2 ** 31 && (imm & 0xfff) === 0, name, `immediate ${imm}`);
      w = rd() | (imm & 0xfffff000);
      break;
    case 'J': {
      const v = simm(name, imm, 21, 2);
      w = rd() | (v & 0xff000) | (((v >> 11) & 1) << 20) | (((v >> 1) & 0x3ff) << 21) | (((v >> 20) & 1) << 31);
      break;
    }
    case 'SH6':
      w = rd() | rs1() | (uimm(name, imm, 6, 'shift') << 20);
      break;
    case 'SH5':
      w = rd() | rs1() | (uimm(name, imm, 5, 'shift') << 20);
      break;
    case 'R1':
      w = rd() | rs1();
      break;
    case 'RM':
      w = rd() | rs1() | rs2() | rm();
      break;
    case 'RM1':
      w = rd() | rs1() | rm();
      break;
    case 'R4':
      w = rd() | rs1() | rs2() | (reg(name, f, 'rs3') << 27) | rm();
      break;
    case 'AMO':
      w = rd() | rs1() | rs2() | (uimm(name, f.rm ?? 0, 2, 'aq/rl') << 25);
      break;
    case 'LR':
      w = rd() | rs1() | (uimm(name, f.rm ?? 0, 2, 'aq/rl') << 25);
      break;
    case 'CSR':
      w = rd() | rs1() | (uimm(name, f.csr ?? 0, 12, 'csr') << 20);
      break;
    case 'CSRI':
      w = rd() | (uimm(name, imm, 5, 'zimm') << 15) | (uimm(name, f.csr ?? 0, 12, 'csr') << 20);
      break;
    case 'FENCE':
      w = rd() | rs1() | (uimm(name, f.rm ?? 0, 12, 'fm/pred/succ') << 20);
      break;
    case 'NONE':
      w = 0;
      break;
  }
  w = (w | e.match) >>> 0;
  // A field that spilled into the row's fixed bits would silently make another instruction.
  if (((w & e.mask) >>> 0) !== e.match) throw new EncodeError(`${name}: operands overlap the fixed bits`);
  return w;
}

// ---- RVC ----

const bit = (v: number, i: number) => (v >>> i) & 1;
const bits = (v: number, hi: number, lo: number) => (v >>> lo) & ((1 << (hi - lo + 1)) - 1);

function prime(name: string, r: number | undefined, what: string): number {
  const v = r ?? 0;
  check(v >= 8 && v <= 15, name, `${what} (must be x8-x15)`);
  return v - 8;
}

function full(name: string, r: number | undefined, what: string, nonzero = false): number {
  const v = r ?? 0;
  check(Number.isInteger(v) && v >= 0 && v < 32 && (!nonzero || v !== 0), name, what);
  return v;
}

function same(name: string, a: number | undefined, b: number | undefined, what: string): void {
  if ((a ?? 0) !== (b ?? 0)) throw new EncodeError(`${name}: ${what} must be equal`);
}

/** imm with bit 5 at 12 and bits 4:0 at 6:2 (CI format). */
const ciBits = (v: number) => (bit(v, 5) << 12) | (bits(v, 4, 0) << 2);

/** Offsets of c.lw/c.sw (uimm[5:3] at 12:10, [2] at 6, [6] at 5). */
function wOff(name: string, v: number): number {
  check(Number.isInteger(v) && v >= 0 && v < 128 && v % 4 === 0, name, `offset ${v}`);
  return (bits(v, 5, 3) << 10) | (bit(v, 2) << 6) | (bit(v, 6) << 5);
}

/** Offsets of c.ld/c.sd/c.fld/c.fsd (uimm[5:3] at 12:10, [7:6] at 6:5). */
function dOff(name: string, v: number): number {
  check(Number.isInteger(v) && v >= 0 && v < 256 && v % 8 === 0, name, `offset ${v}`);
  return (bits(v, 5, 3) << 10) | (bits(v, 7, 6) << 5);
}

function cbOff(name: string, v: number): number {
  simm(name, v, 9, 2);
  return (bit(v, 8) << 12) | (bits(v, 4, 3) << 10) | (bits(v, 7, 6) << 5) | (bits(v, 2, 1) << 3) | (bit(v, 5) << 2);
}

function cjOff(name: string, v: number): number {
  simm(name, v, 12, 2);
  return (bit(v, 11) << 12) | (bit(v, 4) << 11) | (bits(v, 9, 8) << 9) | (bit(v, 10) << 8) | (bit(v, 6) << 7) |
    (bit(v, 7) << 6) | (bits(v, 3, 1) << 3) | (bit(v, 5) << 2);
}

type CEncoder = (name: string, f: Fields) => number;

// quadrant | funct3<<13 | the operand bits; the extra fixed bits (funct2 etc.) are spelled out.
const q = (quadrant: number, funct3: number) => quadrant | (funct3 << 13);

const C: Record<string, CEncoder> = {
  'c.addi4spn': (n, f) => {
    same(n, f.rs1, 2, 'rs1 and sp');
    const v = f.imm ?? 0;
    check(v > 0 && v < 1024 && v % 4 === 0, n, `immediate ${v}`);
    return q(0, 0) | (bits(v, 5, 4) << 11) | (bits(v, 9, 6) << 7) | (bit(v, 2) << 6) | (bit(v, 3) << 5) | (prime(n, f.rd, 'rd') << 2);
  },
  'c.fld': (n, f) => q(0, 1) | dOff(n, f.imm ?? 0) | (prime(n, f.rs1, 'rs1') << 7) | (prime(n, f.rd, 'rd') << 2),
  'c.lw': (n, f) => q(0, 2) | wOff(n, f.imm ?? 0) | (prime(n, f.rs1, 'rs1') << 7) | (prime(n, f.rd, 'rd') << 2),
  'c.ld': (n, f) => q(0, 3) | dOff(n, f.imm ?? 0) | (prime(n, f.rs1, 'rs1') << 7) | (prime(n, f.rd, 'rd') << 2),
  'c.fsd': (n, f) => q(0, 5) | dOff(n, f.imm ?? 0) | (prime(n, f.rs1, 'rs1') << 7) | (prime(n, f.rs2, 'rs2') << 2),
  'c.sw': (n, f) => q(0, 6) | wOff(n, f.imm ?? 0) | (prime(n, f.rs1, 'rs1') << 7) | (prime(n, f.rs2, 'rs2') << 2),
  'c.sd': (n, f) => q(0, 7) | dOff(n, f.imm ?? 0) | (prime(n, f.rs1, 'rs1') << 7) | (prime(n, f.rs2, 'rs2') << 2),

  'c.nop': (n, f) => {
    check((f.rd ?? 0) === 0 && (f.rs1 ?? 0) === 0, n, 'rd/rs1 (must be x0)');
    return q(1, 0) | ciBits(simm(n, f.imm ?? 0, 6));
  },
  'c.addi': (n, f) => {
    same(n, f.rd, f.rs1, 'rd and rs1');
    return q(1, 0) | (full(n, f.rd, 'rd', true) << 7) | ciBits(simm(n, f.imm ?? 0, 6));
  },
  'c.addiw': (n, f) => {
    same(n, f.rd, f.rs1, 'rd and rs1');
    return q(1, 1) | (full(n, f.rd, 'rd', true) << 7) | ciBits(simm(n, f.imm ?? 0, 6));
  },
  'c.li': (n, f) => {
    same(n, f.rs1, 0, 'rs1 and x0');
    return q(1, 2) | (full(n, f.rd, 'rd') << 7) | ciBits(simm(n, f.imm ?? 0, 6));
  },
  'c.addi16sp': (n, f) => {
    check(f.rd === 2 && f.rs1 === 2, n, 'rd/rs1 (must be sp)');
    const v = simm(n, f.imm ?? 0, 10, 16);
    check(v !== 0, n, 'immediate 0');
    return q(1, 3) | (2 << 7) | (bit(v, 9) << 12) | (bit(v, 4) << 6) | (bit(v, 6) << 5) | (bits(v, 8, 7) << 3) | (bit(v, 5) << 2);
  },
  'c.lui': (n, f) => {
    const rd = full(n, f.rd, 'rd');
    check(rd !== 2, n, 'rd (sp selects c.addi16sp)');
    const v = simm(n, f.imm ?? 0, 18, 4096);
    check(v !== 0, n, 'immediate 0');
    return q(1, 3) | (rd << 7) | (bit(v, 17) << 12) | (bits(v, 16, 12) << 2);
  },
  'c.srli': (n, f) => {
    same(n, f.rd, f.rs1, 'rd and rs1');
    return q(1, 4) | (0 << 10) | (prime(n, f.rd, 'rd') << 7) | ciBits(uimm(n, f.imm ?? 0, 6, 'shift'));
  },
  'c.srai': (n, f) => {
    same(n, f.rd, f.rs1, 'rd and rs1');
    return q(1, 4) | (1 << 10) | (prime(n, f.rd, 'rd') << 7) | ciBits(uimm(n, f.imm ?? 0, 6, 'shift'));
  },
  'c.andi': (n, f) => {
    same(n, f.rd, f.rs1, 'rd and rs1');
    return q(1, 4) | (2 << 10) | (prime(n, f.rd, 'rd') << 7) | ciBits(simm(n, f.imm ?? 0, 6));
  },
  'c.j': (n, f) => {
    same(n, f.rd, 0, 'rd and x0');
    return q(1, 5) | cjOff(n, f.imm ?? 0);
  },
  'c.beqz': (n, f) => {
    same(n, f.rs2, 0, 'rs2 and x0');
    return q(1, 6) | (prime(n, f.rs1, 'rs1') << 7) | cbOff(n, f.imm ?? 0);
  },
  'c.bnez': (n, f) => {
    same(n, f.rs2, 0, 'rs2 and x0');
    return q(1, 7) | (prime(n, f.rs1, 'rs1') << 7) | cbOff(n, f.imm ?? 0);
  },

  'c.slli': (n, f) => {
    same(n, f.rd, f.rs1, 'rd and rs1');
    return q(2, 0) | (full(n, f.rd, 'rd') << 7) | ciBits(uimm(n, f.imm ?? 0, 6, 'shift'));
  },
  'c.fldsp': (n, f) => {
    same(n, f.rs1, 2, 'rs1 and sp');
    const v = f.imm ?? 0;
    check(v >= 0 && v < 512 && v % 8 === 0, n, `offset ${v}`);
    return q(2, 1) | (full(n, f.rd, 'rd') << 7) | (bit(v, 5) << 12) | (bits(v, 4, 3) << 5) | (bits(v, 8, 6) << 2);
  },
  'c.lwsp': (n, f) => {
    same(n, f.rs1, 2, 'rs1 and sp');
    const v = f.imm ?? 0;
    check(v >= 0 && v < 256 && v % 4 === 0, n, `offset ${v}`);
    return q(2, 2) | (full(n, f.rd, 'rd', true) << 7) | (bit(v, 5) << 12) | (bits(v, 4, 2) << 4) | (bits(v, 7, 6) << 2);
  },
  'c.ldsp': (n, f) => {
    same(n, f.rs1, 2, 'rs1 and sp');
    const v = f.imm ?? 0;
    check(v >= 0 && v < 512 && v % 8 === 0, n, `offset ${v}`);
    return q(2, 3) | (full(n, f.rd, 'rd', true) << 7) | (bit(v, 5) << 12) | (bits(v, 4, 3) << 5) | (bits(v, 8, 6) << 2);
  },
  'c.jr': (n, f) => {
    check((f.rd ?? 0) === 0 && (f.imm ?? 0) === 0, n, 'rd/imm (must be 0)');
    return q(2, 4) | (full(n, f.rs1, 'rs1', true) << 7);
  },
  'c.mv': (n, f) => {
    same(n, f.rs1, 0, 'rs1 and x0');
    return q(2, 4) | (full(n, f.rd, 'rd') << 7) | (full(n, f.rs2, 'rs2', true) << 2);
  },
  'c.ebreak': () => q(2, 4) | (1 << 12),
  'c.jalr': (n, f) => {
    check(f.rd === 1 && (f.imm ?? 0) === 0, n, 'rd/imm (must be ra, 0)');
    return q(2, 4) | (1 << 12) | (full(n, f.rs1, 'rs1', true) << 7);
  },
  'c.add': (n, f) => {
    same(n, f.rd, f.rs1, 'rd and rs1');
    return q(2, 4) | (1 << 12) | (full(n, f.rd, 'rd') << 7) | (full(n, f.rs2, 'rs2', true) << 2);
  },
  'c.fsdsp': (n, f) => {
    same(n, f.rs1, 2, 'rs1 and sp');
    const v = f.imm ?? 0;
    check(v >= 0 && v < 512 && v % 8 === 0, n, `offset ${v}`);
    return q(2, 5) | (bits(v, 5, 3) << 10) | (bits(v, 8, 6) << 7) | (full(n, f.rs2, 'rs2') << 2);
  },
  'c.swsp': (n, f) => {
    same(n, f.rs1, 2, 'rs1 and sp');
    const v = f.imm ?? 0;
    check(v >= 0 && v < 256 && v % 4 === 0, n, `offset ${v}`);
    return q(2, 6) | (bits(v, 5, 2) << 9) | (bits(v, 7, 6) << 7) | (full(n, f.rs2, 'rs2') << 2);
  },
  'c.sdsp': (n, f) => {
    same(n, f.rs1, 2, 'rs1 and sp');
    const v = f.imm ?? 0;
    check(v >= 0 && v < 512 && v % 8 === 0, n, `offset ${v}`);
    return q(2, 7) | (bits(v, 5, 3) << 10) | (bits(v, 8, 6) << 7) | (full(n, f.rs2, 'rs2') << 2);
  },
};

// Register-register forms of quadrant 1 (funct6 100011 / 100111, funct2 selects the op).
const CA: [string, number][] = [
  ['c.sub', 0x0000], ['c.xor', 0x0020], ['c.or', 0x0040], ['c.and', 0x0060], ['c.subw', 0x1000], ['c.addw', 0x1020],
];
for (const [cname, sel] of CA) {
  C[cname] = (n, f) => {
    same(n, f.rd, f.rs1, 'rd and rs1');
    return q(1, 4) | 0x0c00 | sel | (prime(n, f.rd, 'rd') << 7) | (prime(n, f.rs2, 'rs2') << 2);
  };
}

export const COMPRESSED_NAMES: readonly string[] = Object.keys(C);

export function encodeCompressed(name: string, f: Fields): number {
  const enc = C[name];
  if (!enc) throw new EncodeError(`no such compressed instruction: ${name}`);
  return enc(name, f) & 0xffff;
}
