// Floating point for the interpreter. Arithmetic, conversions, comparisons and classification go
// through the exact table generated code falls back to (jit/fp-table.ts, softfloat): cold code
// does not need the fast paths, and sharing the slow path keeps both tiers bit-identical. Sign
// injection and moves are bit operations, as in jit/insns/fp.ts.

import { ExitReason } from '../jit/state.js';
import { FP_OPS, unbox32 } from '../jit/fp-table.js';
import { op } from './ops.js';

const DYN = 7;
const BOX = 0xffffffff00000000n;
const SIGN64 = 0x8000000000000000n;
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);

for (const [name, spec] of FP_OPS) {
  op(name, (m, i, pc) => {
    let rm = 0;
    if (spec.rm) {
      rm = i.rm === DYN ? m.frm : i.rm;
      if (rm > 4) return m.exit(ExitReason.Illegal, pc);
    }
    const regs = [i.rs1, i.rs2, i.rs3];
    const args = spec.srcs.map((kind, k) => u64(kind === 'f' ? m.f[regs[k]!]! : m.x[regs[k]!]!));
    const r = spec.run(args, rm);
    m.fflags = m.fflags | r.flags;
    if (spec.dst === 'f') m.f[i.rd] = r.value;
    else if (i.rd !== 0) m.x[i.rd] = r.value;
    return pc + i.len;
  });
}

type SignRule = 'j' | 'jn' | 'jx';

function signOf(rule: SignRule, a: bigint, b: bigint, signBit: bigint): bigint {
  if (rule === 'j') return b & signBit;
  if (rule === 'jn') return ~b & signBit;
  return (a ^ b) & signBit;
}

for (const rule of ['j', 'jn', 'jx'] as const) {
  op(`fsgnj${rule.slice(1)}.d`, (m, i, pc) => {
    const a = u64(m.f[i.rs1]!), b = u64(m.f[i.rs2]!);
    m.f[i.rd] = (a & ~SIGN64) | signOf(rule, a, b, SIGN64);
    return pc + i.len;
  });
  op(`fsgnj${rule.slice(1)}.s`, (m, i, pc) => {
    // On the unboxed patterns: an improperly boxed operand reads as the canonical NaN.
    const a = unbox32(u64(m.f[i.rs1]!)), b = unbox32(u64(m.f[i.rs2]!));
    m.f[i.rd] = BOX | (a & 0x7fffffffn) | signOf(rule, a, b, 0x80000000n);
    return pc + i.len;
  });
}

op('fmv.x.d', (m, i, pc) => {
  if (i.rd !== 0) m.x[i.rd] = m.f[i.rs1]!;
  return pc + i.len;
});
op('fmv.d.x', (m, i, pc) => {
  m.f[i.rd] = m.x[i.rs1]!;
  return pc + i.len;
});
op('fmv.x.w', (m, i, pc) => {
  if (i.rd !== 0) m.x[i.rd] = BigInt.asIntN(32, m.f[i.rs1]!);
  return pc + i.len;
});
op('fmv.w.x', (m, i, pc) => {
  m.f[i.rd] = BOX | BigInt.asUintN(32, m.x[i.rs1]!);
  return pc + i.len;
});

