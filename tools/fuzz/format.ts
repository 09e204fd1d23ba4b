// Human-readable output for divergence reports: instructions (through src/riscv/disasm.ts when the
// project has one, otherwise a small formatter over the decoder), register values (FP values also
// as the number they encode), and state differences.

import { decode, type Insn } from '../../src/riscv/decode.js';
import { ENCODINGS } from '../../src/riscv/encodings.js';
import { operandFiles } from './operands.js';
import type { Dump } from './block.js';

type Disassembler = (insn: unknown, pc: number) => unknown;
let external: Disassembler | null = null;

/** Loads the project's disassembler if it exists (it is optional: the module may not be written yet). */
export async function loadDisassembler(): Promise<void> {
  const specifier = '../../src/riscv/disasm.js'; // a variable, so tsc does not require the module
  try {
    const m = (await import(specifier)) as { disassemble?: Disassembler };
    if (typeof m.disassemble === 'function') external = m.disassemble;
  } catch {
    external = null;
  }
}

const ABI = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7',
  's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];
const RM = ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'rm5', 'rm6', 'dyn'];
const CSR_NAMES: Record<number, string> = { 1: 'fflags', 2: 'frm', 3: 'fcsr' };

export const hex = (v: bigint | number, digits = 16) => `0x${v.toString(16).padStart(digits, '0')}`;

function decodeWord(word: number, size: number): Insn | null {
  return size === 2 ? decode(word & 0xffff, 0) : decode(word & 0xffff, word >>> 16);
}

function ownFormat(i: Insn, pc: number): string {
  const e = ENCODINGS[i.op]!;
  const files = operandFiles(e.name);
  const r = (file: 'x' | 'f', n: number) => (file === 'x' ? `x${n}` : `f${n}`);
  const rd = r(files.rd, i.rd), rs1 = r(files.rs1, i.rs1), rs2 = r(files.rs2, i.rs2), rs3 = r(files.rs3, i.rs3);
  const at = (v: number) => hex(pc + v, 0);
  let ops: string;
  switch (e.format) {
    case 'R': ops = `${rd}, ${rs1}, ${rs2}`; break;
    case 'I': ops = /^(l[bhwd]u?|fl[wd]|jalr)$/.test(e.name) ? `${rd}, ${i.imm}(${rs1})` : `${rd}, ${rs1}, ${i.imm}`; break;
    case 'S': ops = `${rs2}, ${i.imm}(${rs1})`; break;
    case 'B': ops = `${rs1}, ${rs2}, ${at(i.imm)}`; break;
    case 'U': ops = `${rd}, ${hex((i.imm >>> 12) & 0xfffff, 0)}`; break;
    case 'J': ops = `${rd}, ${at(i.imm)}`; break;
    case 'SH6': case 'SH5': ops = `${rd}, ${rs1}, ${i.imm}`; break;
    case 'R1': ops = `${rd}, ${rs1}`; break;
    case 'RM': ops = `${rd}, ${rs1}, ${rs2}, ${RM[i.rm]}`; break;
    case 'RM1': ops = `${rd}, ${rs1}, ${RM[i.rm]}`; break;
    case 'R4': ops = `${rd}, ${rs1}, ${rs2}, ${rs3}, ${RM[i.rm]}`; break;
    case 'AMO': ops = `${rd}, ${rs2}, (${rs1})${i.rm & 2 ? ' aq' : ''}${i.rm & 1 ? ' rl' : ''}`; break;
    case 'LR': ops = `${rd}, (${rs1})${i.rm & 2 ? ' aq' : ''}${i.rm & 1 ? ' rl' : ''}`; break;
    case 'CSR': ops = `${rd}, ${CSR_NAMES[i.csr] ?? hex(i.csr, 3)}, ${rs1}`; break;
    case 'CSRI': ops = `${rd}, ${CSR_NAMES[i.csr] ?? hex(i.csr, 3)}, ${i.imm}`; break;
    case 'FENCE': ops = `fm/pred/succ=${hex(i.rm, 3)} rd=x${i.rd} rs1=x${i.rs1}`; break;
    default: ops = '';
  }
  const text = `${e.name} ${ops}`.trim();
  return i.cname ? `${i.cname} (= ${text})` : text;
}

/** One line: address, encoding, assembly. */
export function disassemble(word: number, size: number, pc: number): string {
  const enc = size === 2 ? hex(word & 0xffff, 4).padEnd(10) : hex(word >>> 0, 8);
  const insn = decodeWord(word, size);
  let text = insn ? ownFormat(insn, pc) : '(illegal)';
  if (external && insn) {
    try {
      const t = external(insn, pc);
      if (typeof t === 'string' && t && !/undefined|NaN/.test(t)) text = t;
    } catch {
      // keep the built-in formatting
    }
  }
  return `${hex(pc, 8)}: ${enc}  ${text}`;
}

const f32 = (bits: number) => {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setUint32(0, bits >>> 0);
  return dv.getFloat32(0);
};
const f64 = (bits: bigint) => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, bits);
  return dv.getFloat64(0);
};

function nanKind(quietBit: boolean, payloadZero: boolean, neg: boolean): string {
  const kind = quietBit ? 'qNaN' : 'sNaN';
  return `${neg ? '-' : ''}${kind}${payloadZero ? '' : ' with payload'}`;
}

/** An f-register value as the single (when NaN-boxed) or double it holds. */
export function describeFp(v: bigint): string {
  if (v >> 32n === 0xffffffffn) {
    const b = Number(v & 0xffffffffn);
    if ((b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff)) {
      return `single ${nanKind(!!(b & 0x400000), !(b & 0x3fffff), b >= 0x80000000)}`;
    }
    return `single ${Object.is(f32(b), -0) ? '-0' : f32(b)}`;
  }
  if ((v & 0x7ff0000000000000n) === 0x7ff0000000000000n && (v & 0xfffffffffffffn)) {
    return `double ${nanKind(!!(v & 0x8000000000000n), !(v & 0x7ffffffffffffn), !!(v >> 63n))} (not a boxed single)`;
  }
  const d = f64(v);
  return `double ${Object.is(d, -0) ? '-0' : d}`;
}

export function describeFcsr(v: bigint): string {
  const n = Number(v);
  const flags = ['NX', 'UF', 'OF', 'DZ', 'NV'].filter((_, i) => n & (1 << i)).join('|') || '-';
  return `frm=${(n >> 5) & 7} fflags=${flags}`;
}

export interface Difference {
  /** 'x5', 'f3', 'fcsr' or 'scratch+0x18' */
  where: string;
  qemu: string;
  rvjit: string;
}

export function diffDumps(q: Dump, r: Dump): Difference[] {
  const out: Difference[] = [];
  for (let i = 1; i < 32; i++) {
    if (q.x[i] !== r.x[i]) out.push({ where: `x${i}`, qemu: hex(q.x[i]!), rvjit: hex(r.x[i]!) });
  }
  for (let i = 0; i < 32; i++) {
    if (q.f[i] !== r.f[i]) {
      out.push({ where: `f${i}`, qemu: `${hex(q.f[i]!)} (${describeFp(q.f[i]!)})`, rvjit: `${hex(r.f[i]!)} (${describeFp(r.f[i]!)})` });
    }
  }
  if (q.fcsr !== r.fcsr) {
    out.push({ where: 'fcsr', qemu: `${hex(q.fcsr, 2)} (${describeFcsr(q.fcsr)})`, rvjit: `${hex(r.fcsr, 2)} (${describeFcsr(r.fcsr)})` });
  }
  for (let o = 0; o < q.scratch.length; o += 8) {
    const a = Buffer.from(q.scratch.subarray(o, o + 8)), b = Buffer.from(r.scratch.subarray(o, o + 8));
    if (!a.equals(b)) out.push({ where: `scratch+${hex(o, 2)}`, qemu: hex(a.readBigUInt64LE()), rvjit: hex(b.readBigUInt64LE()) });
  }
  return out;
}

export function regName(where: string): string {
  const m = /^x(\d+)$/.exec(where);
  return m ? `${where}/${ABI[Number(m[1])]}` : where;
}
