// F and D. Sign injection and moves are inlined; arithmetic, comparisons and conversions call the
// exact slow path (jit/fp-table.ts) through the fpSlow import, with operands passed in the vCPU's
// FP scratch slots so that NaN payloads never cross the wasm/JS boundary as numbers.

import { T } from '../../wasm/code.js';
import { P_STATE, type RegionEmitter } from '../emitter.js';
import { ExitReason, S_FP_A, S_FP_B, S_FP_C, S_FP_R } from '../state.js';
import { FP_OPS } from '../fp-table.js';
import type { Insn } from '../../riscv/decode.js';
import { def } from './registry.js';
import { BOX } from './mem.js';

const RM_DYN = 7;
const SLOTS = [S_FP_A, S_FP_B, S_FP_C];

/**
 * Pushes the effective rounding mode (i32). A dynamic mode reads frm; an frm value that is not a
 * rounding mode makes the instruction illegal, which is checked here at run time.
 */
export function roundingMode(e: RegionEmitter, i: Insn): void {
  if (i.rm !== RM_DYN) {
    e.c.i32Const(i.rm);
    return;
  }
  const frm = e.frm();
  e.c.get(frm).i32Const(4).i32GtU();
  e.if_();
  e.exitWithReason(ExitReason.Illegal);
  e.end();
  e.c.get(frm);
}

function slowPath(name: string): void {
  const spec = FP_OPS.get(name);
  if (!spec) throw new Error(`no FP spec for ${name}`);
  def(name, (e, i) => {
    const c = e.c;
    const regs = [i.rs1, i.rs2, i.rs3];
    spec.srcs.forEach((kind, k) => {
      c.get(P_STATE);
      if (kind === 'f') e.getF(regs[k]!).c.f64Store(SLOTS[k]);
      else e.getX(regs[k]!).c.i64Store(SLOTS[k]);
    });
    c.i32Const(i.op);
    if (spec.rm) roundingMode(e, i);
    else c.i32Const(0);
    e.call('fpSlow');
    e.orFflags();
    if (spec.dst === 'f') {
      c.get(P_STATE).f64Load(S_FP_R);
      e.setF(i.rd);
    } else if (i.rd !== 0) {
      c.get(P_STATE).i64Load(S_FP_R);
      e.setX(i.rd);
    }
  });
}

for (const name of FP_OPS.keys()) slowPath(name);

// ---- sign injection (bit operations, no flags) ----

/** Pushes the 32-bit pattern of the single in f[r], or the canonical NaN if it is not NaN-boxed. */
function unboxed32(e: RegionEmitter, r: number): void {
  const c = e.c;
  const t = e.temp(T.i64);
  e.getF(r).c.i64ReinterpretF64().tee(t);
  c.i32WrapI64().i32Const(0x7fc00000);
  c.get(t).i64Const(BOX).i64And().i64Const(BOX).i64Eq();
  c.select();
  e.release(T.i64);
}

function boxed32(e: RegionEmitter): void {
  e.c.i64ExtendI32U().i64Const(BOX).i64Or().f64ReinterpretI64();
}

type SignRule = 'j' | 'jn' | 'jx';

function signInjectD(e: RegionEmitter, i: Insn, rule: SignRule): void {
  const c = e.c;
  if (rule === 'j') {
    e.getF(i.rs1).getF(i.rs2);
    c.f64Copysign();
  } else if (rule === 'jn') {
    e.getF(i.rs1).getF(i.rs2);
    c.f64Neg().f64Copysign();
  } else {
    e.getF(i.rs1).c.i64ReinterpretF64();
    e.getF(i.rs2).c.i64ReinterpretF64().i64ConstBig(0x8000000000000000n).i64And().i64Xor().f64ReinterpretI64();
  }
  e.setF(i.rd);
}

/** fsgnj*.s on unboxed patterns: magnitude of rs1, sign chosen by `rule`. */
function signInjectSingle(e: RegionEmitter, i: Insn, rule: SignRule): void {
  const c = e.c;
  const a = e.temp(T.i32);
  unboxed32(e, i.rs1);
  c.set(a);
  unboxed32(e, i.rs2);
  if (rule === 'jn') c.i32Const(-1).i32Xor();
  if (rule === 'jx') c.get(a).i32Xor();
  c.i32Const(0x80000000 | 0).i32And();
  c.get(a).i32Const(0x7fffffff).i32And().i32Or();
  boxed32(e);
  e.setF(i.rd);
  e.release(T.i32);
}

for (const rule of ['j', 'jn', 'jx'] as const) {
  def(`fsgnj${rule.slice(1)}.d`, (e, i) => signInjectD(e, i, rule));
  def(`fsgnj${rule.slice(1)}.s`, (e, i) => signInjectSingle(e, i, rule));
}

// ---- moves between register files (raw bits, no NaN canonicalisation) ----
def('fmv.x.d', (e, i) => {
  if (i.rd === 0) return;
  e.getF(i.rs1).c.i64ReinterpretF64();
  e.setX(i.rd);
});
def('fmv.d.x', (e, i) => {
  e.getX(i.rs1).c.f64ReinterpretI64();
  e.setF(i.rd);
});
def('fmv.x.w', (e, i) => {
  if (i.rd === 0) return;
  e.getF(i.rs1).c.i64ReinterpretF64().i64Extend32S();
  e.setX(i.rd);
});
def('fmv.w.x', (e, i) => {
  e.getX(i.rs1).c.i32WrapI64();
  boxed32(e);
  e.setF(i.rd);
});
